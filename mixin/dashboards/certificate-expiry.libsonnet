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
  description: 'Expiry of every certificate meshcert-exporter reads, by layer (workload, issuing CA, intermediate CA, root CA), rotation activity, chain checks and source health. Certificates are counted once each (by fingerprint) in the stat panels; the cluster, job and instance variables narrow everything. Needs only families of the default set: meshcert_cert_not_after_timestamp_seconds, meshcert_cert_not_before_timestamp_seconds, meshcert_cert_expiry_state, meshcert_cert_rotations_total, meshcert_cert_info, meshcert_source_threshold_seconds, meshcert_chain_*, meshcert_source_*.',
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
      title: 'Mesh mTLS',
      tooltip: '',
      type: 'link',
      url: '/d/meshcert-mesh-mtls',
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
      title: 'Overview',
      type: 'row',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: "How many certificates are fine, inside their warning or critical threshold, or already expired (meshcert_cert_expiry_state, by each layer's thresholds)? Each certificate counts once, by its SHA-256 fingerprint, however many places and exporters read it.",
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
            ],
          },
          unit: 'none',
        },
        overrides: [
          {
            matcher: {
              id: 'byName',
              options: 'OK',
            },
            properties: [
              {
                id: 'color',
                value: {
                  fixedColor: 'green',
                  mode: 'fixed',
                },
              },
            ],
          },
          {
            matcher: {
              id: 'byName',
              options: 'Warning',
            },
            properties: [
              {
                id: 'color',
                value: {
                  fixedColor: 'orange',
                  mode: 'fixed',
                },
              },
            ],
          },
          {
            matcher: {
              id: 'byName',
              options: 'Critical',
            },
            properties: [
              {
                id: 'color',
                value: {
                  fixedColor: 'red',
                  mode: 'fixed',
                },
              },
            ],
          },
          {
            matcher: {
              id: 'byName',
              options: 'Expired',
            },
            properties: [
              {
                id: 'color',
                value: {
                  fixedColor: 'dark-red',
                  mode: 'fixed',
                },
              },
            ],
          },
        ],
      },
      gridPos: {
        h: 5,
        w: 12,
        x: 0,
        y: 1,
      },
      id: 2,
      options: {
        colorMode: 'background',
        graphMode: 'none',
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
        textMode: 'value_and_name',
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
          expr: 'count(group by (fingerprint_sha256) ((meshcert_cert_expiry_state{@SEL@, source=~"$source", layer=~"$layer"} == 0) * on (@CL@, job, instance, source, source_kind, location, chain_index) group_left (fingerprint_sha256) meshcert_cert_info{@SEL@})) or vector(0)',
          instant: false,
          legendFormat: 'OK',
          range: true,
          refId: 'A',
        },
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'count(group by (fingerprint_sha256) ((meshcert_cert_expiry_state{@SEL@, source=~"$source", layer=~"$layer"} == 1) * on (@CL@, job, instance, source, source_kind, location, chain_index) group_left (fingerprint_sha256) meshcert_cert_info{@SEL@})) or vector(0)',
          instant: false,
          legendFormat: 'Warning',
          range: true,
          refId: 'B',
        },
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'count(group by (fingerprint_sha256) ((meshcert_cert_expiry_state{@SEL@, source=~"$source", layer=~"$layer"} == 2) * on (@CL@, job, instance, source, source_kind, location, chain_index) group_left (fingerprint_sha256) meshcert_cert_info{@SEL@})) or vector(0)',
          instant: false,
          legendFormat: 'Critical',
          range: true,
          refId: 'C',
        },
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'count(group by (fingerprint_sha256) ((meshcert_cert_expiry_state{@SEL@, source=~"$source", layer=~"$layer"} == 3) * on (@CL@, job, instance, source, source_kind, location, chain_index) group_left (fingerprint_sha256) meshcert_cert_info{@SEL@})) or vector(0)',
          instant: false,
          legendFormat: 'Expired',
          range: true,
          refId: 'D',
        },
      ],
      title: 'Certificates by expiry state',
      type: 'stat',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'How long until the first certificate of each layer expires? Negative once one has expired.',
      fieldConfig: {
        defaults: {
          color: {
            mode: 'thresholds',
          },
          mappings: [],
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'text',
                value: null,
              },
            ],
          },
          unit: 's',
        },
        overrides: [],
      },
      gridPos: {
        h: 5,
        w: 12,
        x: 12,
        y: 1,
      },
      id: 3,
      options: {
        colorMode: 'value',
        graphMode: 'none',
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
        textMode: 'value_and_name',
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
          expr: 'min by (layer) (meshcert_cert_not_after_timestamp_seconds{@SEL@, source=~"$source", layer=~"$layer"}) - time()',
          instant: false,
          legendFormat: '{{layer}}',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Earliest expiry by layer',
      type: 'stat',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: "How close is each layer's nearest certificate to its warning threshold? Time left divided by the source's warning threshold for that layer, so every layer shares one axis: above 1 is fine, below 1 is inside the warning threshold, below 0 is expired. A healthy layer saw-tooths as certificates rotate.",
      fieldConfig: {
        defaults: {
          color: {
            mode: 'palette-classic',
          },
          custom: {
            axisLabel: '',
            axisPlacement: 'auto',
            axisSoftMin: 0,
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
                color: 'orange',
                value: 0,
              },
              {
                color: 'transparent',
                value: 1,
              },
            ],
          },
          unit: 'none',
        },
        overrides: [],
      },
      gridPos: {
        h: 8,
        w: 24,
        x: 0,
        y: 6,
      },
      id: 4,
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
          expr: 'min by (layer) (\n  (meshcert_cert_not_after_timestamp_seconds{@SEL@, source=~"$source", layer=~"$layer"} - time())\n    / on (job, instance, source, layer) group_left\n  meshcert_source_threshold_seconds{@SEL@, severity="warning"}\n)',
          instant: false,
          legendFormat: '{{layer}}',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Time to expiry by layer, in warning thresholds',
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
        y: 14,
      },
      id: 5,
      panels: [],
      title: 'Certificates',
      type: 'row',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'Which 50 certificates are closest to (or past) their warning threshold, where are they, and whose are they? Sorted by time left as a multiple of the warning threshold: below 1 is inside the warning threshold, below 0 is expired.',
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
              options: 'Time left',
            },
            properties: [
              {
                id: 'unit',
                value: 's',
              },
              {
                id: 'decimals',
                value: 1,
              },
            ],
          },
          {
            matcher: {
              id: 'byName',
              options: 'Left / warning threshold',
            },
            properties: [
              {
                id: 'decimals',
                value: 2,
              },
              {
                id: 'custom.cellOptions',
                value: {
                  mode: 'basic',
                  type: 'color-background',
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
                      color: 'orange',
                      value: 0,
                    },
                    {
                      color: 'green',
                      value: 1,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
      gridPos: {
        h: 12,
        w: 24,
        x: 0,
        y: 15,
      },
      id: 6,
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
            displayName: 'Left / warning threshold',
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
          expr: '(\n(meshcert_cert_not_after_timestamp_seconds{@SEL@, source=~"$source", layer=~"$layer"} - time())\n  and on (job, instance, source, source_kind, location, chain_index)\nbottomk(50,\n  (meshcert_cert_not_after_timestamp_seconds{@SEL@, source=~"$source", layer=~"$layer"} - time())\n    / on (job, instance, source, layer) group_left\n  meshcert_source_threshold_seconds{@SEL@, severity="warning"}\n)\n)\n  * on (job, instance, source, source_kind, location, chain_index) group_left (subject_cn, issuer_cn)\nmeshcert_cert_info{@SEL@, source=~"$source", layer=~"$layer"}',
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
          expr: '(\nbottomk(50,\n  (meshcert_cert_not_after_timestamp_seconds{@SEL@, source=~"$source", layer=~"$layer"} - time())\n    / on (job, instance, source, layer) group_left\n  meshcert_source_threshold_seconds{@SEL@, severity="warning"}\n)\n)\n  * on (job, instance, source, source_kind, location, chain_index) group_left (subject_cn, issuer_cn)\nmeshcert_cert_info{@SEL@, source=~"$source", layer=~"$layer"}',
          format: 'table',
          instant: true,
          range: false,
          refId: 'B',
        },
      ],
      title: 'Certificates nearest their threshold',
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
              instance: true,
              job: true,
            },
            indexByName: {
              'Value #A': 4,
              'Value #B': 5,
              chain_index: 3,
              issuer_cn: 6,
              layer: 0,
              location: 2,
              source: 7,
              source_kind: 8,
              subject_cn: 1,
            },
            renameByName: {
              'Value #A': 'Time left',
              'Value #B': 'Left / warning threshold',
              chain_index: 'Chain index',
              issuer_cn: 'Issuer CN',
              layer: 'Layer',
              location: 'Location',
              source: 'Source',
              source_kind: 'Kind',
              subject_cn: 'Subject CN',
            },
          },
        },
      ],
      type: 'table',
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
        y: 27,
      },
      id: 7,
      panels: [],
      title: 'Rotation',
      type: 'row',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'Are certificates being replaced? A workload layer that stops rotating is the first sign of a broken CA path; CA layers rotate rarely.',
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
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'green',
                value: null,
              },
            ],
          },
          unit: 'none',
        },
        overrides: [],
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 0,
        y: 28,
      },
      id: 8,
      options: {
        legend: {
          calcs: [
            'sum',
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
          expr: 'sum by (layer) (increase(meshcert_cert_rotations_total{@SEL@, source=~"$source", layer=~"$layer"}[$__rate_interval]))',
          instant: false,
          legendFormat: '{{layer}}',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Rotations by layer',
      type: 'timeseries',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: "Which certificates have used the largest share of their lifetime without being replaced? Rotation normally happens at 50-80 %; MeshCertRotationStalled fires above the layer's stall bound (default 90 % for workload certificates).",
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
              options: 'Lifetime used',
            },
            properties: [
              {
                id: 'unit',
                value: 'percentunit',
              },
              {
                id: 'decimals',
                value: 1,
              },
              {
                id: 'custom.cellOptions',
                value: {
                  mode: 'basic',
                  type: 'color-background',
                },
              },
              {
                id: 'thresholds',
                value: {
                  mode: 'absolute',
                  steps: [
                    {
                      color: 'green',
                      value: null,
                    },
                    {
                      color: 'orange',
                      value: 0.8,
                    },
                    {
                      color: 'red',
                      value: 0.9,
                    },
                  ],
                },
              },
            ],
          },
        ],
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 12,
        y: 28,
      },
      id: 9,
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
            desc: true,
            displayName: 'Lifetime used',
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
          expr: 'topk(20,\n  (time() - meshcert_cert_not_before_timestamp_seconds{@SEL@, source=~"$source", layer=~"$layer"})\n    / (meshcert_cert_not_after_timestamp_seconds{@SEL@, source=~"$source", layer=~"$layer"} - meshcert_cert_not_before_timestamp_seconds{@SEL@, source=~"$source", layer=~"$layer"})\n)\n  * on (job, instance, source, source_kind, location, chain_index) group_left (subject_cn, issuer_cn)\nmeshcert_cert_info{@SEL@, source=~"$source", layer=~"$layer"}',
          format: 'table',
          instant: true,
          range: false,
          refId: 'A',
        },
      ],
      title: 'Most of their lifetime used',
      transformations: [
        {
          id: 'organize',
          options: {
            excludeByName: {
              Time: true,
              __name__: true,
              instance: true,
              job: true,
            },
            indexByName: {
              Value: 4,
              chain_index: 3,
              issuer_cn: 5,
              layer: 0,
              location: 2,
              source: 6,
              source_kind: 7,
              subject_cn: 1,
            },
            renameByName: {
              Value: 'Lifetime used',
              chain_index: 'Chain index',
              issuer_cn: 'Issuer CN',
              layer: 'Layer',
              location: 'Location',
              source: 'Source',
              source_kind: 'Kind',
              subject_cn: 'Subject CN',
            },
          },
        },
      ],
      type: 'table',
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
        y: 37,
      },
      id: 10,
      panels: [],
      title: 'Chains and sources',
      type: 'row',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'How many chains (locations) do not build to their trust bundle? A location read by two exporter replicas counts once.',
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
        h: 4,
        w: 6,
        x: 0,
        y: 38,
      },
      id: 11,
      options: {
        colorMode: 'background',
        graphMode: 'none',
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
          expr: 'count(group by (@CL@, source, source_kind, location) (meshcert_chain_verified{@SEL@, source=~"$source"} == 0)) or vector(0)',
          instant: false,
          legendFormat: '__auto',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Chains failing verification',
      type: 'stat',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'In how many chains (locations) does a CA expire before a certificate it signed? A location read by two exporter replicas counts once.',
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
                color: 'orange',
                value: 1,
              },
            ],
          },
          unit: 'none',
        },
        overrides: [],
      },
      gridPos: {
        h: 4,
        w: 6,
        x: 6,
        y: 38,
      },
      id: 12,
      options: {
        colorMode: 'background',
        graphMode: 'none',
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
          expr: 'count(group by (@CL@, source, source_kind, location) (meshcert_chain_issuer_expires_first{@SEL@, source=~"$source"} == 1)) or vector(0)',
          instant: false,
          legendFormat: '__auto',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Issuers expiring before their leaf',
      type: 'stat',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'How many source locations did the last collection fail to read? Their certificates are missing from every other panel.',
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
        h: 4,
        w: 6,
        x: 12,
        y: 38,
      },
      id: 13,
      options: {
        colorMode: 'background',
        graphMode: 'none',
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
          expr: 'count(meshcert_source_up{@SEL@, source=~"$source"} == 0) or vector(0)',
          instant: false,
          legendFormat: '__auto',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Locations not readable',
      type: 'stat',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'How many certificates did a strict parser reject although the exporter could read them (meshcert_cert_info{parse_warning!=""})? Each certificate counts once, by fingerprint.',
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
                color: 'orange',
                value: 1,
              },
            ],
          },
          unit: 'none',
        },
        overrides: [],
      },
      gridPos: {
        h: 4,
        w: 6,
        x: 18,
        y: 38,
      },
      id: 14,
      options: {
        colorMode: 'background',
        graphMode: 'none',
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
          expr: 'count(group by (fingerprint_sha256) (meshcert_cert_info{@SEL@, source=~"$source", layer=~"$layer", parse_warning!=""})) or vector(0)',
          instant: false,
          legendFormat: '__auto',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Certificates with parse warnings',
      type: 'stat',
    },
    {
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      description: 'Which chains fail verification against their trust bundle, and why (unknown_authority, expired, name_mismatch, ...)?',
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
          noValue: 'No chain verification errors',
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
              options: 'Reason',
            },
            properties: [
              {
                id: 'custom.cellOptions',
                value: {
                  type: 'color-text',
                },
              },
              {
                id: 'color',
                value: {
                  fixedColor: 'red',
                  mode: 'fixed',
                },
              },
            ],
          },
        ],
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 0,
        y: 42,
      },
      id: 15,
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
        sortBy: [],
      },
      pluginVersion: '10.4.0',
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'meshcert_chain_verify_error_info{@SEL@, source=~"$source"}',
          format: 'table',
          instant: true,
          range: false,
          refId: 'A',
        },
      ],
      title: 'Chain verification errors',
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
              location: 0,
              reason: 1,
              source: 2,
              source_kind: 3,
            },
            renameByName: {
              location: 'Location',
              reason: 'Reason',
              source: 'Source',
              source_kind: 'Kind',
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
      description: 'Which sources fail to read, and why (not_found, permission_denied, bad_pem, dns, tls_handshake, ...)? Failed read attempts per interval.',
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
          noValue: 'No read errors',
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'green',
                value: null,
              },
            ],
          },
          unit: 'none',
        },
        overrides: [],
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 12,
        y: 42,
      },
      id: 16,
      options: {
        legend: {
          calcs: [
            'sum',
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
          expr: 'sum by (source, reason) (increase(meshcert_source_errors_total{@SEL@, source=~"$source"}[$__rate_interval])) > 0',
          instant: false,
          legendFormat: '{{source}}: {{reason}}',
          range: true,
          refId: 'A',
        },
      ],
      title: 'Source read errors by reason',
      type: 'timeseries',
    },
  ],
  refresh: '1m',
  schemaVersion: 39,
  tags: [
    'meshcert',
    'certificates',
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
        definition: 'label_values(meshcert_cert_not_after_timestamp_seconds, source)',
        hide: 0,
        includeAll: true,
        label: 'Source',
        multi: true,
        name: 'source',
        options: [],
        query: {
          qryType: 1,
          query: 'label_values(meshcert_cert_not_after_timestamp_seconds, source)',
          refId: 'PrometheusVariableQueryEditor-VariableQuery',
        },
        refresh: 2,
        regex: '',
        skipUrlSync: false,
        sort: 1,
        type: 'query',
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
        hide: 0,
        includeAll: true,
        label: 'Layer',
        multi: true,
        name: 'layer',
        options: [
          {
            selected: true,
            text: 'All',
            value: '$__all',
          },
          {
            selected: false,
            text: 'workload',
            value: 'workload',
          },
          {
            selected: false,
            text: 'issuing',
            value: 'issuing',
          },
          {
            selected: false,
            text: 'intermediate',
            value: 'intermediate',
          },
          {
            selected: false,
            text: 'root',
            value: 'root',
          },
        ],
        query: 'workload,issuing,intermediate,root',
        skipUrlSync: false,
        type: 'custom',
      },
    ],
  },
  time: {
    from: 'now-6h',
    to: 'now',
  },
  timepicker: {},
  timezone: '',
  title: 'Certificate expiry',
  uid: 'meshcert-cert-expiry',
  version: 1,
  weekStart: '',
}
