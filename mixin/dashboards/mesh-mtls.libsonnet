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
  description: 'Share of mesh traffic received over mutual TLS, by namespace, and the PeerAuthentication policies that allow plaintext. From meshcert-exporter, with any mesh input (stats URLs, stats files, the prometheus_url input). Needs meshcert_mtls_traffic_ratio, meshcert_mesh_mtls_traffic_ratio, meshcert_mtls_policy_mode, the request and connection counters for the per-second panels (stats URLs only), and the recording rules of alerts/meshcert.rules.yml.',
  editable: true,
  fiscalYearStartMonth: 0,
  graphTooltip: 1,
  id: null,
  links: [
    {
      asDropdown: false,
      icon: 'dashboard',
      includeVars: false,
      keepTime: true,
      tags: [],
      targetBlank: false,
      title: 'Certificate expiry',
      tooltip: '',
      type: 'link',
      url: '/d/meshcert-cert-expiry',
    },
    {
      asDropdown: false,
      icon: 'doc',
      includeVars: false,
      keepTime: false,
      tags: [],
      targetBlank: true,
      title: 'Runbook',
      tooltip: 'What each MeshCert alert means',
      type: 'link',
      url: 'https://github.com/meshcert/meshcert-exporter/blob/main/alerts/RUNBOOK.md',
    },
  ],
  liveNow: false,
  panels: [
    {
      collapsed: false,
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
      id: 1,
      panels: [],
      title: 'Mesh',
      type: 'row',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: "What share of all requests in the mesh arrived over mutual TLS, over the exporter's window? Red below 99.9 %. Counted on the destination side; an unknown security policy counts as not mTLS. From meshcert_mesh_mtls_traffic_ratio, which every mesh input writes (stats URLs, stats files, the prometheus_url input); the lowest share when several exporters report.",
      fieldConfig: {
        defaults: {
          color: {
            mode: 'thresholds',
          },
          decimals: 2,
          mappings: [],
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
          unit: 'percentunit',
        },
        overrides: [],
      },
      gridPos: {
        h: 5,
        w: 6,
        x: 0,
        y: 1,
      },
      id: 2,
      options: {
        colorMode: 'background',
        graphMode: 'area',
        justifyMode: 'auto',
        orientation: 'auto',
        reduceOptions: {
          calcs: [
            'lastNotNull',
          ],
          fields: '',
          values: false,
        },
        showPercentChange: false,
        textMode: 'auto',
        wideLayout: true,
      },
      pluginVersion: '10.4.0',
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'min(meshcert_mesh_mtls_traffic_ratio{@SEL@, traffic="requests"})',
          instant: false,
          legendFormat: '__auto',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Mesh-wide mTLS share (requests)',
      type: 'stat',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'What share of all TCP connections opened in the mesh used mutual TLS? Red below 99.9 %. The only measure for TCP services and for ambient workloads without a waypoint.',
      fieldConfig: {
        defaults: {
          color: {
            mode: 'thresholds',
          },
          decimals: 2,
          mappings: [],
          noValue: 'No TCP connections',
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
          unit: 'percentunit',
        },
        overrides: [],
      },
      gridPos: {
        h: 5,
        w: 6,
        x: 6,
        y: 1,
      },
      id: 3,
      options: {
        colorMode: 'background',
        graphMode: 'area',
        justifyMode: 'auto',
        orientation: 'auto',
        reduceOptions: {
          calcs: [
            'lastNotNull',
          ],
          fields: '',
          values: false,
        },
        showPercentChange: false,
        textMode: 'auto',
        wideLayout: true,
      },
      pluginVersion: '10.4.0',
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'min(meshcert_mesh_mtls_traffic_ratio{@SEL@, traffic="connections"})',
          instant: false,
          legendFormat: '__auto',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Mesh-wide mTLS share (TCP connections)',
      type: 'stat',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: "How many requests per second arrive without mutual TLS, mesh-wide? Anything above zero has a sender outside the mesh or a policy that lets plaintext through. Needs the counters only polled stats URLs move; a stats file's counters stay flat (0/s) and the prometheus_url input has none.",
      fieldConfig: {
        defaults: {
          color: {
            mode: 'thresholds',
          },
          decimals: 2,
          mappings: [],
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
          unit: 'reqps',
          noValue: 'No request counters (stats files and the prometheus_url input give ratios only)',
        },
        overrides: [],
      },
      gridPos: {
        h: 5,
        w: 6,
        x: 12,
        y: 1,
      },
      id: 4,
      options: {
        colorMode: 'background',
        graphMode: 'area',
        justifyMode: 'auto',
        orientation: 'auto',
        reduceOptions: {
          calcs: [
            'lastNotNull',
          ],
          fields: '',
          values: false,
        },
        showPercentChange: false,
        textMode: 'auto',
        wideLayout: true,
      },
      pluginVersion: '10.4.0',
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'sum(rate(meshcert_mesh_requests_total{@SEL@, security_policy!="mutual_tls"}[$__rate_interval]))',
          instant: false,
          legendFormat: '__auto',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Plaintext requests/s',
      type: 'stat',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'How many namespaces received requests or TCP connections that were not all mutual TLS (share below 100 %)?',
      fieldConfig: {
        defaults: {
          color: {
            mode: 'thresholds',
          },
          decimals: 0,
          mappings: [],
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
          unit: 'none',
        },
        overrides: [],
      },
      gridPos: {
        h: 5,
        w: 6,
        x: 18,
        y: 1,
      },
      id: 5,
      options: {
        colorMode: 'background',
        graphMode: 'area',
        justifyMode: 'auto',
        orientation: 'auto',
        reduceOptions: {
          calcs: [
            'lastNotNull',
          ],
          fields: '',
          values: false,
        },
        showPercentChange: false,
        textMode: 'auto',
        wideLayout: true,
      },
      pluginVersion: '10.4.0',
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'count(min by (@CL@, destination_namespace) (meshcert_mtls_traffic_ratio{@SEL@}) < 1) or vector(0)',
          instant: false,
          legendFormat: '__auto',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Namespaces receiving plaintext',
      type: 'stat',
    },
    {
      collapsed: false,
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
      id: 6,
      panels: [],
      title: 'Namespaces',
      type: 'row',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'Which namespaces receive requests that are not mutual TLS, and since when? The shaded band is below the default 99.9 % target. Absent where the window held fewer events than --mesh.min-events.',
      fieldConfig: {
        defaults: {
          color: {
            mode: 'palette-classic',
          },
          custom: {
            axisLabel: '',
            axisPlacement: 'auto',
            axisSoftMax: 1,
            axisSoftMin: 0.99,
            barAlignment: 0,
            drawStyle: 'line',
            fillOpacity: 0,
            gradientMode: 'none',
            hideFrom: {
              legend: false,
              tooltip: false,
              viz: false,
            },
            lineInterpolation: 'linear',
            lineWidth: 1,
            pointSize: 4,
            scaleDistribution: {
              type: 'linear',
            },
            showPoints: 'never',
            spanNulls: false,
            stacking: {
              group: 'A',
              mode: 'none',
            },
            thresholdsStyle: {
              mode: 'line+area',
            },
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
          unit: 'percentunit',
        },
        overrides: [],
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 0,
        y: 7,
      },
      id: 7,
      options: {
        legend: {
          calcs: [
            'lastNotNull',
            'min',
          ],
          displayMode: 'table',
          placement: 'right',
          showLegend: true,
        },
        tooltip: {
          mode: 'multi',
          sort: 'asc',
        },
      },
      pluginVersion: '10.4.0',
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'min by (destination_namespace) (meshcert_mtls_traffic_ratio{@SEL@, traffic="requests", destination_namespace=~"$namespace"})',
          instant: false,
          legendFormat: '{{destination_namespace}}',
          range: true,
          refId: 'A',
        },
      ],
      title: 'mTLS share by namespace (requests)',
      type: 'timeseries',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'Which namespaces accept TCP connections that are not mutual TLS, and since when?',
      fieldConfig: {
        defaults: {
          color: {
            mode: 'palette-classic',
          },
          custom: {
            axisLabel: '',
            axisPlacement: 'auto',
            axisSoftMax: 1,
            axisSoftMin: 0.99,
            barAlignment: 0,
            drawStyle: 'line',
            fillOpacity: 0,
            gradientMode: 'none',
            hideFrom: {
              legend: false,
              tooltip: false,
              viz: false,
            },
            lineInterpolation: 'linear',
            lineWidth: 1,
            pointSize: 4,
            scaleDistribution: {
              type: 'linear',
            },
            showPoints: 'never',
            spanNulls: false,
            stacking: {
              group: 'A',
              mode: 'none',
            },
            thresholdsStyle: {
              mode: 'line+area',
            },
          },
          mappings: [],
          noValue: 'No TCP connections',
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
          unit: 'percentunit',
        },
        overrides: [],
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 12,
        y: 7,
      },
      id: 8,
      options: {
        legend: {
          calcs: [
            'lastNotNull',
            'min',
          ],
          displayMode: 'table',
          placement: 'right',
          showLegend: true,
        },
        tooltip: {
          mode: 'multi',
          sort: 'asc',
        },
      },
      pluginVersion: '10.4.0',
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'min by (destination_namespace) (meshcert_mtls_traffic_ratio{@SEL@, traffic="connections", destination_namespace=~"$namespace"})',
          instant: false,
          legendFormat: '{{destination_namespace}}',
          range: true,
          refId: 'A',
        },
      ],
      title: 'mTLS share by namespace (TCP connections)',
      type: 'timeseries',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: "How much plaintext (or unknown-policy) traffic does each namespace receive? Find the senders with the runbook's MeshCertMTLSRatioLow queries. Polled stats URLs only: stats files and the prometheus_url input give ratios, not counts.",
      fieldConfig: {
        defaults: {
          color: {
            mode: 'palette-classic',
          },
          custom: {
            axisLabel: '',
            axisPlacement: 'auto',
            barAlignment: 0,
            drawStyle: 'bars',
            fillOpacity: 80,
            gradientMode: 'none',
            hideFrom: {
              legend: false,
              tooltip: false,
              viz: false,
            },
            lineInterpolation: 'linear',
            lineWidth: 1,
            pointSize: 4,
            scaleDistribution: {
              type: 'linear',
            },
            showPoints: 'never',
            spanNulls: false,
            stacking: {
              group: 'A',
              mode: 'normal',
            },
            thresholdsStyle: {
              mode: 'off',
            },
          },
          mappings: [],
          noValue: 'No plaintext requests',
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'green',
                value: null,
              },
            ],
          },
          unit: 'reqps',
        },
        overrides: [],
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 0,
        y: 16,
      },
      id: 9,
      options: {
        legend: {
          calcs: [
            'lastNotNull',
            'max',
          ],
          displayMode: 'table',
          placement: 'right',
          showLegend: true,
        },
        tooltip: {
          mode: 'multi',
          sort: 'asc',
        },
      },
      pluginVersion: '10.4.0',
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'sum by (destination_namespace, security_policy) (\n  rate(meshcert_mesh_requests_total{@SEL@, security_policy!="mutual_tls", destination_namespace=~"$namespace"}[$__rate_interval])\n)',
          instant: false,
          legendFormat: '{{destination_namespace}} ({{security_policy}})',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Plaintext requests by namespace',
      type: 'timeseries',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'How many TCP connections per second are opened into each namespace without mutual TLS? Polled stats URLs only: stats files and the prometheus_url input give ratios, not counts.',
      fieldConfig: {
        defaults: {
          color: {
            mode: 'palette-classic',
          },
          custom: {
            axisLabel: '',
            axisPlacement: 'auto',
            barAlignment: 0,
            drawStyle: 'bars',
            fillOpacity: 80,
            gradientMode: 'none',
            hideFrom: {
              legend: false,
              tooltip: false,
              viz: false,
            },
            lineInterpolation: 'linear',
            lineWidth: 1,
            pointSize: 4,
            scaleDistribution: {
              type: 'linear',
            },
            showPoints: 'never',
            spanNulls: false,
            stacking: {
              group: 'A',
              mode: 'normal',
            },
            thresholdsStyle: {
              mode: 'off',
            },
          },
          mappings: [],
          noValue: 'No plaintext connections',
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'green',
                value: null,
              },
            ],
          },
          unit: 'cps',
        },
        overrides: [],
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 12,
        y: 16,
      },
      id: 10,
      options: {
        legend: {
          calcs: [
            'lastNotNull',
            'max',
          ],
          displayMode: 'table',
          placement: 'right',
          showLegend: true,
        },
        tooltip: {
          mode: 'multi',
          sort: 'asc',
        },
      },
      pluginVersion: '10.4.0',
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'sum by (destination_namespace, security_policy) (\n  rate(meshcert_mesh_connections_total{@SEL@, security_policy!="mutual_tls", destination_namespace=~"$namespace"}[$__rate_interval])\n)',
          instant: false,
          legendFormat: '{{destination_namespace}} ({{security_policy}})',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Plaintext TCP connections by namespace',
      type: 'timeseries',
    },
    {
      collapsed: false,
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
      id: 11,
      panels: [],
      title: 'Targets and policies',
      type: 'row',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: "Is each namespace at its own target (default 99.9 %, per namespace from the mixin's _config.mtlsTarget or override rules)? Uses the recording rules of alerts/meshcert.rules.yml; MeshCertMTLSRatioLow fires when the share stays below the target for 15 minutes.",
      fieldConfig: {
        defaults: {
          color: {
            mode: 'thresholds',
          },
          custom: {
            align: 'auto',
            cellOptions: {
              type: 'auto',
            },
            filterable: true,
            inspect: false,
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
        },
        overrides: [
          {
            matcher: {
              id: 'byName',
              options: 'mTLS share (requests)',
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
        ],
      },
      gridPos: {
        h: 10,
        w: 12,
        x: 0,
        y: 26,
      },
      id: 12,
      options: {
        cellHeight: 'sm',
        footer: {
          countRows: false,
          fields: '',
          reducer: [
            'sum',
          ],
          show: false,
        },
        showHeader: true,
        sortBy: [
          {
            desc: false,
            displayName: 'mTLS share (requests, 5m)',
          },
        ],
      },
      pluginVersion: '10.4.0',
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'destination_namespace_traffic:meshcert_mtls_traffic_ratio:min{@CSEL@, traffic="requests", destination_namespace=~"$namespace"}',
          format: 'table',
          instant: true,
          range: false,
          refId: 'A',
        },
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'destination_namespace:meshcert_mtls_target:ratio{@CSEL@, destination_namespace=~"$namespace"}',
          format: 'table',
          instant: true,
          range: false,
          refId: 'B',
        },
      ],
      title: 'Namespaces against their mTLS target',
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
              traffic: true,
            },
            indexByName: {
              destination_namespace: 0,
              'Value #A': 1,
              'Value #B': 2,
            },
            renameByName: {
              'Value #A': 'mTLS share (requests)',
              'Value #B': 'Target',
              destination_namespace: 'Namespace',
            },
          },
        },
      ],
      type: 'table',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'Which PeerAuthentication policies are in place, and which of them accept plaintext (PERMISSIVE or DISABLE, for a whole workload or one port)?',
      fieldConfig: {
        defaults: {
          color: {
            mode: 'thresholds',
          },
          custom: {
            align: 'auto',
            cellOptions: {
              type: 'auto',
            },
            filterable: true,
            inspect: false,
          },
          mappings: [],
          noValue: 'No PeerAuthentication policies read',
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'green',
                value: null,
              },
            ],
          },
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
                    options: {
                      DISABLE: {
                        color: 'red',
                        index: 2,
                      },
                      PERMISSIVE: {
                        color: 'orange',
                        index: 1,
                      },
                      STRICT: {
                        color: 'green',
                        index: 0,
                      },
                      UNSET: {
                        color: 'text',
                        index: 3,
                      },
                    },
                    type: 'value',
                  },
                ],
              },
            ],
          },
        ],
      },
      gridPos: {
        h: 10,
        w: 12,
        x: 12,
        y: 26,
      },
      id: 13,
      options: {
        cellHeight: 'sm',
        footer: {
          countRows: false,
          fields: '',
          reducer: [
            'sum',
          ],
          show: false,
        },
        showHeader: true,
        sortBy: [
          {
            desc: false,
            displayName: 'Mode',
          },
        ],
      },
      pluginVersion: '10.4.0',
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'meshcert_mtls_policy_mode{@SEL@}',
          format: 'table',
          instant: true,
          range: false,
          refId: 'A',
        },
      ],
      title: 'PeerAuthentication modes',
      transformations: [
        {
          id: 'organize',
          options: {
            excludeByName: {
              Time: true,
              Value: true,
              __name__: true,
              instance: true,
              job: true,
            },
            indexByName: {
              mode: 2,
              policy_name: 1,
              policy_namespace: 0,
              port: 3,
            },
            renameByName: {
              mode: 'Mode',
              policy_name: 'Policy',
              policy_namespace: 'Namespace',
              port: 'Port',
            },
          },
        },
      ],
      type: 'table',
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
        current: {},
        hide: 0,
        includeAll: false,
        label: 'Data source',
        multi: false,
        name: 'datasource',
        options: [],
        query: 'prometheus',
        refresh: 1,
        regex: '',
        skipUrlSync: false,
        type: 'datasource',
      },
      {
        allValue: '.*',
        current: {
          selected: true,
          text: [
            'All',
          ],
          value: [
            '$__all',
          ],
        },
        datasource: {
          type: 'prometheus',
          uid: '${datasource}',
        },
        definition: 'label_values(meshcert_mtls_traffic_ratio{@SEL@}, destination_namespace)',
        hide: 0,
        includeAll: true,
        label: 'Destination namespace',
        multi: true,
        name: 'namespace',
        options: [],
        query: {
          qryType: 1,
          query: 'label_values(meshcert_mtls_traffic_ratio{@SEL@}, destination_namespace)',
          refId: 'PrometheusVariableQueryEditor-VariableQuery',
        },
        refresh: 2,
        regex: '',
        skipUrlSync: false,
        sort: 1,
        type: 'query',
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
