{
  annotations: {
    list: [
      {
        builtIn: 1,
        datasource: {
          type: 'grafana',
          uid: '-- Grafana --',
        },
        enable: true,
        hide: true,
        iconColor: 'rgba(0, 211, 255, 1)',
        name: 'Annotations & Alerts',
        type: 'dashboard',
      },
    ],
  },
  description: 'Share of mesh traffic received over mutual TLS, by namespace, and the PeerAuthentication policies that allow plaintext. From meshcert-exporter. Needs only families of the default set: meshcert_mesh_requests_total, meshcert_mesh_connections_total, meshcert_mtls_policy_mode and the recording rules of alerts/meshcert.rules.yml.',
  editable: true,
  fiscalYearStartMonth: 0,
  graphTooltip: 1,
  id: null,
  links: [
    {
      title: 'Certificate expiry',
      type: 'link',
      url: '/d/meshcert-cert-expiry',
      icon: 'dashboard',
      keepTime: true,
      includeVars: false,
      asDropdown: false,
      targetBlank: false,
      tags: [],
      tooltip: '',
    },
    {
      title: 'Runbook',
      type: 'link',
      icon: 'doc',
      targetBlank: true,
      keepTime: false,
      includeVars: false,
      asDropdown: false,
      tags: [],
      tooltip: 'What each MeshCert alert means',
      url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md',
    },
  ],
  liveNow: false,
  panels: [
    {
      type: 'row',
      title: 'Mesh',
      id: 1,
      collapsed: false,
      panels: [],
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 1,
        w: 24,
        x: 0,
        y: 0,
      },
    },
    {
      type: 'stat',
      title: 'Mesh-wide mTLS share (requests)',
      description: 'What share of all requests in the mesh arrived over mutual TLS? Red below 99.9 %. Counted on the destination side; an unknown security policy counts as not mTLS.',
      id: 2,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 5,
        w: 6,
        x: 0,
        y: 1,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 'percentunit',
          color: {
            mode: 'thresholds',
          },
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'red',
                value: null,
              },
              {
                color: 'green',
                value: 0.999,
              },
            ],
          },
          mappings: [],
          decimals: 2,
        },
        overrides: [],
      },
      options: {
        reduceOptions: {
          calcs: [
            'lastNotNull',
          ],
          fields: '',
          values: false,
        },
        orientation: 'auto',
        textMode: 'auto',
        colorMode: 'background',
        graphMode: 'area',
        justifyMode: 'auto',
        showPercentChange: false,
        wideLayout: true,
      },
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: '(sum(rate(meshcert_mesh_requests_total{security_policy="mutual_tls"}[$__rate_interval])) or vector(0))\n/\nsum(rate(meshcert_mesh_requests_total[$__rate_interval]))',
          refId: 'A',
          legendFormat: '__auto',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'stat',
      title: 'Mesh-wide mTLS share (TCP connections)',
      description: 'What share of all TCP connections opened in the mesh used mutual TLS? Red below 99.9 %. The only measure for TCP services and for ambient workloads without a waypoint.',
      id: 3,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 5,
        w: 6,
        x: 6,
        y: 1,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 'percentunit',
          color: {
            mode: 'thresholds',
          },
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'red',
                value: null,
              },
              {
                color: 'green',
                value: 0.999,
              },
            ],
          },
          mappings: [],
          decimals: 2,
          noValue: 'No TCP connections',
        },
        overrides: [],
      },
      options: {
        reduceOptions: {
          calcs: [
            'lastNotNull',
          ],
          fields: '',
          values: false,
        },
        orientation: 'auto',
        textMode: 'auto',
        colorMode: 'background',
        graphMode: 'area',
        justifyMode: 'auto',
        showPercentChange: false,
        wideLayout: true,
      },
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: '(sum(rate(meshcert_mesh_connections_total{security_policy="mutual_tls"}[$__rate_interval])) or vector(0))\n/\nsum(rate(meshcert_mesh_connections_total[$__rate_interval]))',
          refId: 'A',
          legendFormat: '__auto',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'stat',
      title: 'Plaintext requests/s',
      description: 'How many requests per second arrive without mutual TLS, mesh-wide? Anything above zero has a sender outside the mesh or a policy that lets plaintext through.',
      id: 4,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 5,
        w: 6,
        x: 12,
        y: 1,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 'reqps',
          color: {
            mode: 'thresholds',
          },
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'green',
                value: null,
              },
              {
                color: 'red',
                value: 0.001,
              },
            ],
          },
          mappings: [],
          decimals: 2,
        },
        overrides: [],
      },
      options: {
        reduceOptions: {
          calcs: [
            'lastNotNull',
          ],
          fields: '',
          values: false,
        },
        orientation: 'auto',
        textMode: 'auto',
        colorMode: 'background',
        graphMode: 'area',
        justifyMode: 'auto',
        showPercentChange: false,
        wideLayout: true,
      },
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'sum(rate(meshcert_mesh_requests_total{security_policy!="mutual_tls"}[$__rate_interval])) or vector(0)',
          refId: 'A',
          legendFormat: '__auto',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'stat',
      title: 'Namespaces receiving plaintext',
      description: 'How many namespaces received requests or TCP connections without mutual TLS?',
      id: 5,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 5,
        w: 6,
        x: 18,
        y: 1,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 'none',
          color: {
            mode: 'thresholds',
          },
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'green',
                value: null,
              },
              {
                color: 'red',
                value: 1,
              },
            ],
          },
          mappings: [],
          decimals: 0,
        },
        overrides: [],
      },
      options: {
        reduceOptions: {
          calcs: [
            'lastNotNull',
          ],
          fields: '',
          values: false,
        },
        orientation: 'auto',
        textMode: 'auto',
        colorMode: 'background',
        graphMode: 'area',
        justifyMode: 'auto',
        showPercentChange: false,
        wideLayout: true,
      },
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'count(\n    sum by (destination_namespace) (rate(meshcert_mesh_requests_total{security_policy!="mutual_tls"}[$__rate_interval])) > 0\n  or\n    sum by (destination_namespace) (rate(meshcert_mesh_connections_total{security_policy!="mutual_tls"}[$__rate_interval])) > 0\n) or vector(0)',
          refId: 'A',
          legendFormat: '__auto',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'row',
      title: 'Namespaces',
      id: 6,
      collapsed: false,
      panels: [],
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 1,
        w: 24,
        x: 0,
        y: 6,
      },
    },
    {
      type: 'timeseries',
      title: 'mTLS share by namespace (requests)',
      description: 'Which namespaces receive requests that are not mutual TLS, and since when? The shaded band is below the default 99.9 % target.',
      id: 7,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 0,
        y: 7,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 'percentunit',
          custom: {
            drawStyle: 'line',
            lineWidth: 1,
            fillOpacity: 0,
            showPoints: 'never',
            spanNulls: false,
            axisPlacement: 'auto',
            axisLabel: '',
            gradientMode: 'none',
            lineInterpolation: 'linear',
            pointSize: 4,
            scaleDistribution: {
              type: 'linear',
            },
            barAlignment: 0,
            stacking: {
              mode: 'none',
              group: 'A',
            },
            thresholdsStyle: {
              mode: 'line+area',
            },
            hideFrom: {
              legend: false,
              tooltip: false,
              viz: false,
            },
            axisSoftMin: 0.99,
            axisSoftMax: 1,
          },
          color: {
            mode: 'palette-classic',
          },
          mappings: [],
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'red',
                value: null,
              },
              {
                color: 'transparent',
                value: 0.999,
              },
            ],
          },
        },
        overrides: [],
      },
      options: {
        legend: {
          displayMode: 'table',
          placement: 'right',
          showLegend: true,
          calcs: [
            'lastNotNull',
            'min',
          ],
        },
        tooltip: {
          mode: 'multi',
          sort: 'asc',
        },
      },
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: '(\n  sum by (destination_namespace) (rate(meshcert_mesh_requests_total{security_policy="mutual_tls", destination_namespace=~"$namespace"}[$__rate_interval]))\n  or\n  0 * sum by (destination_namespace) (rate(meshcert_mesh_requests_total{destination_namespace=~"$namespace"}[$__rate_interval]))\n)\n/\nsum by (destination_namespace) (rate(meshcert_mesh_requests_total{destination_namespace=~"$namespace"}[$__rate_interval]))',
          refId: 'A',
          legendFormat: '{{destination_namespace}}',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'timeseries',
      title: 'mTLS share by namespace (TCP connections)',
      description: 'Which namespaces accept TCP connections that are not mutual TLS, and since when?',
      id: 8,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 12,
        y: 7,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 'percentunit',
          custom: {
            drawStyle: 'line',
            lineWidth: 1,
            fillOpacity: 0,
            showPoints: 'never',
            spanNulls: false,
            axisPlacement: 'auto',
            axisLabel: '',
            gradientMode: 'none',
            lineInterpolation: 'linear',
            pointSize: 4,
            scaleDistribution: {
              type: 'linear',
            },
            barAlignment: 0,
            stacking: {
              mode: 'none',
              group: 'A',
            },
            thresholdsStyle: {
              mode: 'line+area',
            },
            hideFrom: {
              legend: false,
              tooltip: false,
              viz: false,
            },
            axisSoftMin: 0.99,
            axisSoftMax: 1,
          },
          color: {
            mode: 'palette-classic',
          },
          mappings: [],
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'red',
                value: null,
              },
              {
                color: 'transparent',
                value: 0.999,
              },
            ],
          },
          noValue: 'No TCP connections',
        },
        overrides: [],
      },
      options: {
        legend: {
          displayMode: 'table',
          placement: 'right',
          showLegend: true,
          calcs: [
            'lastNotNull',
            'min',
          ],
        },
        tooltip: {
          mode: 'multi',
          sort: 'asc',
        },
      },
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: '(\n  sum by (destination_namespace) (rate(meshcert_mesh_connections_total{security_policy="mutual_tls", destination_namespace=~"$namespace"}[$__rate_interval]))\n  or\n  0 * sum by (destination_namespace) (rate(meshcert_mesh_connections_total{destination_namespace=~"$namespace"}[$__rate_interval]))\n)\n/\nsum by (destination_namespace) (rate(meshcert_mesh_connections_total{destination_namespace=~"$namespace"}[$__rate_interval]))',
          refId: 'A',
          legendFormat: '{{destination_namespace}}',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'timeseries',
      title: 'Plaintext requests by namespace',
      description: "How much plaintext (or unknown-policy) traffic does each namespace receive? Find the senders with the runbook's MeshCertMTLSRatioLow queries.",
      id: 9,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 0,
        y: 16,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 'reqps',
          custom: {
            drawStyle: 'bars',
            lineWidth: 1,
            fillOpacity: 80,
            showPoints: 'never',
            spanNulls: false,
            axisPlacement: 'auto',
            axisLabel: '',
            gradientMode: 'none',
            lineInterpolation: 'linear',
            pointSize: 4,
            scaleDistribution: {
              type: 'linear',
            },
            barAlignment: 0,
            stacking: {
              mode: 'normal',
              group: 'A',
            },
            thresholdsStyle: {
              mode: 'off',
            },
            hideFrom: {
              legend: false,
              tooltip: false,
              viz: false,
            },
          },
          color: {
            mode: 'palette-classic',
          },
          mappings: [],
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'green',
                value: null,
              },
            ],
          },
          noValue: 'No plaintext requests',
        },
        overrides: [],
      },
      options: {
        legend: {
          displayMode: 'table',
          placement: 'right',
          showLegend: true,
          calcs: [
            'lastNotNull',
            'max',
          ],
        },
        tooltip: {
          mode: 'multi',
          sort: 'asc',
        },
      },
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'sum by (destination_namespace, security_policy) (\n  rate(meshcert_mesh_requests_total{security_policy!="mutual_tls", destination_namespace=~"$namespace"}[$__rate_interval])\n)',
          refId: 'A',
          legendFormat: '{{destination_namespace}} ({{security_policy}})',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'timeseries',
      title: 'Plaintext TCP connections by namespace',
      description: 'How many TCP connections per second are opened into each namespace without mutual TLS?',
      id: 10,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 12,
        y: 16,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 'cps',
          custom: {
            drawStyle: 'bars',
            lineWidth: 1,
            fillOpacity: 80,
            showPoints: 'never',
            spanNulls: false,
            axisPlacement: 'auto',
            axisLabel: '',
            gradientMode: 'none',
            lineInterpolation: 'linear',
            pointSize: 4,
            scaleDistribution: {
              type: 'linear',
            },
            barAlignment: 0,
            stacking: {
              mode: 'normal',
              group: 'A',
            },
            thresholdsStyle: {
              mode: 'off',
            },
            hideFrom: {
              legend: false,
              tooltip: false,
              viz: false,
            },
          },
          color: {
            mode: 'palette-classic',
          },
          mappings: [],
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'green',
                value: null,
              },
            ],
          },
          noValue: 'No plaintext connections',
        },
        overrides: [],
      },
      options: {
        legend: {
          displayMode: 'table',
          placement: 'right',
          showLegend: true,
          calcs: [
            'lastNotNull',
            'max',
          ],
        },
        tooltip: {
          mode: 'multi',
          sort: 'asc',
        },
      },
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'sum by (destination_namespace, security_policy) (\n  rate(meshcert_mesh_connections_total{security_policy!="mutual_tls", destination_namespace=~"$namespace"}[$__rate_interval])\n)',
          refId: 'A',
          legendFormat: '{{destination_namespace}} ({{security_policy}})',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'row',
      title: 'Targets and policies',
      id: 11,
      collapsed: false,
      panels: [],
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 1,
        w: 24,
        x: 0,
        y: 25,
      },
    },
    {
      type: 'table',
      title: 'Namespaces against their mTLS target',
      description: 'Is each namespace at its own target (default 99.9 %, overridable per namespace)? Uses the recording rules of alerts/meshcert.rules.yml; MeshCertMTLSRatioLow fires when the share stays below the target for 15 minutes with at least 0.1 requests/s.',
      id: 12,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 10,
        w: 12,
        x: 0,
        y: 26,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          custom: {
            align: 'auto',
            cellOptions: {
              type: 'auto',
            },
            inspect: false,
            filterable: true,
          },
          color: {
            mode: 'thresholds',
          },
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'green',
                value: null,
              },
            ],
          },
          mappings: [],
        },
        overrides: [
          {
            matcher: {
              id: 'byName',
              options: 'mTLS share (requests, 5m)',
            },
            properties: [
              {
                id: 'unit',
                value: 'percentunit',
              },
              {
                id: 'decimals',
                value: 3,
              },
              {
                id: 'custom.cellOptions',
                value: {
                  type: 'color-text',
                },
              },
              {
                id: 'thresholds',
                value: {
                  mode: 'absolute',
                  steps: [
                    {
                      color: 'red',
                      value: null,
                    },
                    {
                      color: 'green',
                      value: 0.999,
                    },
                  ],
                },
              },
            ],
          },
          {
            matcher: {
              id: 'byName',
              options: 'Target',
            },
            properties: [
              {
                id: 'unit',
                value: 'percentunit',
              },
              {
                id: 'decimals',
                value: 3,
              },
            ],
          },
          {
            matcher: {
              id: 'byName',
              options: 'Requests/s',
            },
            properties: [
              {
                id: 'unit',
                value: 'reqps',
              },
              {
                id: 'decimals',
                value: 2,
              },
            ],
          },
        ],
      },
      options: {
        showHeader: true,
        cellHeight: 'sm',
        footer: {
          show: false,
          reducer: [
            'sum',
          ],
          countRows: false,
          fields: '',
        },
        sortBy: [
          {
            displayName: 'mTLS share (requests, 5m)',
            desc: false,
          },
        ],
      },
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'destination_namespace:meshcert_mesh_requests_mtls:ratio_rate5m{destination_namespace=~"$namespace"}',
          refId: 'A',
          format: 'table',
          instant: true,
          range: false,
        },
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'destination_namespace:meshcert_mtls_target:ratio{destination_namespace=~"$namespace"}',
          refId: 'B',
          format: 'table',
          instant: true,
          range: false,
        },
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'destination_namespace:meshcert_mesh_requests:rate5m{destination_namespace=~"$namespace"}',
          refId: 'C',
          format: 'table',
          instant: true,
          range: false,
        },
      ],
      transformations: [
        {
          id: 'merge',
          options: {},
        },
        {
          id: 'organize',
          options: {
            excludeByName: {
              Time: true,
            },
            indexByName: {
              destination_namespace: 0,
              'Value #A': 1,
              'Value #B': 2,
              'Value #C': 3,
            },
            renameByName: {
              destination_namespace: 'Namespace',
              'Value #A': 'mTLS share (requests, 5m)',
              'Value #B': 'Target',
              'Value #C': 'Requests/s',
            },
          },
        },
      ],
    },
    {
      type: 'table',
      title: 'PeerAuthentication modes',
      description: 'Which PeerAuthentication policies are in place, and which of them accept plaintext (PERMISSIVE or DISABLE, for a whole workload or one port)?',
      id: 13,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 10,
        w: 12,
        x: 12,
        y: 26,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          custom: {
            align: 'auto',
            cellOptions: {
              type: 'auto',
            },
            inspect: false,
            filterable: true,
          },
          color: {
            mode: 'thresholds',
          },
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'green',
                value: null,
              },
            ],
          },
          mappings: [],
          noValue: 'No PeerAuthentication policies read',
        },
        overrides: [
          {
            matcher: {
              id: 'byName',
              options: 'Mode',
            },
            properties: [
              {
                id: 'custom.cellOptions',
                value: {
                  type: 'color-background',
                },
              },
              {
                id: 'mappings',
                value: [
                  {
                    type: 'value',
                    options: {
                      STRICT: {
                        color: 'green',
                        index: 0,
                      },
                      PERMISSIVE: {
                        color: 'orange',
                        index: 1,
                      },
                      DISABLE: {
                        color: 'red',
                        index: 2,
                      },
                      UNSET: {
                        color: 'text',
                        index: 3,
                      },
                    },
                  },
                ],
              },
            ],
          },
        ],
      },
      options: {
        showHeader: true,
        cellHeight: 'sm',
        footer: {
          show: false,
          reducer: [
            'sum',
          ],
          countRows: false,
          fields: '',
        },
        sortBy: [
          {
            displayName: 'Mode',
            desc: false,
          },
        ],
      },
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'meshcert_mtls_policy_mode',
          refId: 'A',
          format: 'table',
          instant: true,
          range: false,
        },
      ],
      transformations: [
        {
          id: 'organize',
          options: {
            excludeByName: {
              Time: true,
              Value: true,
              __name__: true,
              job: true,
              instance: true,
            },
            indexByName: {
              policy_namespace: 0,
              policy_name: 1,
              mode: 2,
              port: 3,
            },
            renameByName: {
              policy_namespace: 'Namespace',
              policy_name: 'Policy',
              mode: 'Mode',
              port: 'Port',
            },
          },
        },
      ],
    },
  ],
  refresh: '1m',
  schemaVersion: 39,
  tags: [
    'meshcert',
    'mtls',
    'service-mesh',
  ],
  templating: {
    list: [
      {
        type: 'datasource',
        name: 'datasource',
        label: 'Data source',
        query: 'prometheus',
        current: {},
        hide: 0,
        includeAll: false,
        multi: false,
        options: [],
        refresh: 1,
        regex: '',
        skipUrlSync: false,
      },
      {
        type: 'query',
        name: 'namespace',
        label: 'Destination namespace',
        datasource: {
          type: 'prometheus',
          uid: '${datasource}',
        },
        definition: 'label_values({__name__=~"meshcert_mesh_(requests|connections)_total"}, destination_namespace)',
        query: {
          qryType: 1,
          query: 'label_values({__name__=~"meshcert_mesh_(requests|connections)_total"}, destination_namespace)',
          refId: 'PrometheusVariableQueryEditor-VariableQuery',
        },
        current: {
          selected: true,
          text: [
            'All',
          ],
          value: [
            '$__all',
          ],
        },
        hide: 0,
        includeAll: true,
        allValue: '.*',
        multi: true,
        options: [],
        refresh: 2,
        regex: '',
        skipUrlSync: false,
        sort: 1,
      },
    ],
  },
  time: {
    from: 'now-6h',
    to: 'now',
  },
  timepicker: {},
  timezone: '',
  title: 'Mesh mTLS',
  uid: 'meshcert-mesh-mtls',
  version: 1,
  weekStart: '',
}
