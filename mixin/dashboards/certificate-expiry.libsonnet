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
  description: 'Expiry of every certificate meshcert-exporter reads, by layer (workload, issuing CA, intermediate CA, root CA), rotation activity, chain checks and source health. Needs only families of the default set: meshcert_cert_not_after_timestamp_seconds, meshcert_cert_not_before_timestamp_seconds, meshcert_cert_expiry_state, meshcert_cert_rotations_total, meshcert_cert_info, meshcert_source_threshold_seconds, meshcert_chain_*, meshcert_source_*.',
  editable: true,
  fiscalYearStartMonth: 0,
  graphTooltip: 1,
  id: null,
  links: [
    {
      title: 'Mesh mTLS',
      type: 'link',
      url: '/d/meshcert-mesh-mtls',
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
      title: 'Overview',
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
      title: 'Certificates by expiry state',
      description: "How many certificates are fine, inside their warning or critical threshold, or already expired (meshcert_cert_expiry_state, by each layer's thresholds)?",
      id: 2,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 5,
        w: 12,
        x: 0,
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
            ],
          },
          mappings: [],
          decimals: 0,
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
                  mode: 'fixed',
                  fixedColor: 'green',
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
                  mode: 'fixed',
                  fixedColor: 'orange',
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
                  mode: 'fixed',
                  fixedColor: 'red',
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
                  mode: 'fixed',
                  fixedColor: 'dark-red',
                },
              },
            ],
          },
        ],
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
        textMode: 'value_and_name',
        colorMode: 'background',
        graphMode: 'none',
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
          expr: 'count(meshcert_cert_expiry_state{source=~"$source", layer=~"$layer"} == 0) or vector(0)',
          refId: 'A',
          legendFormat: 'OK',
          range: true,
          instant: false,
        },
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'count(meshcert_cert_expiry_state{source=~"$source", layer=~"$layer"} == 1) or vector(0)',
          refId: 'B',
          legendFormat: 'Warning',
          range: true,
          instant: false,
        },
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'count(meshcert_cert_expiry_state{source=~"$source", layer=~"$layer"} == 2) or vector(0)',
          refId: 'C',
          legendFormat: 'Critical',
          range: true,
          instant: false,
        },
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'count(meshcert_cert_expiry_state{source=~"$source", layer=~"$layer"} == 3) or vector(0)',
          refId: 'D',
          legendFormat: 'Expired',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'stat',
      title: 'Earliest expiry by layer',
      description: 'How long until the first certificate of each layer expires? Negative once one has expired.',
      id: 3,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 5,
        w: 12,
        x: 12,
        y: 1,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 's',
          color: {
            mode: 'thresholds',
          },
          thresholds: {
            mode: 'absolute',
            steps: [
              {
                color: 'text',
                value: null,
              },
            ],
          },
          mappings: [],
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
        textMode: 'value_and_name',
        colorMode: 'value',
        graphMode: 'none',
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
          expr: 'min by (layer) (meshcert_cert_not_after_timestamp_seconds{source=~"$source", layer=~"$layer"}) - time()',
          refId: 'A',
          legendFormat: '{{layer}}',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'timeseries',
      title: 'Time to expiry by layer, in warning thresholds',
      description: "How close is each layer's nearest certificate to its warning threshold? Time left divided by the source's warning threshold for that layer, so every layer shares one axis: above 1 is fine, below 1 is inside the warning threshold, below 0 is expired. A healthy layer saw-tooths as certificates rotate.",
      id: 4,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 8,
        w: 24,
        x: 0,
        y: 6,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 'none',
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
            axisSoftMin: 0,
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
                color: 'orange',
                value: 0,
              },
              {
                color: 'transparent',
                value: 1,
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
          expr: 'min by (layer) (\n  (meshcert_cert_not_after_timestamp_seconds{source=~"$source", layer=~"$layer"} - time())\n    / on (job, instance, source, layer) group_left\n  meshcert_source_threshold_seconds{severity="warning"}\n)',
          refId: 'A',
          legendFormat: '{{layer}}',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'row',
      title: 'Certificates',
      id: 5,
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
        y: 14,
      },
    },
    {
      type: 'table',
      title: 'Certificates nearest their threshold',
      description: 'Which 50 certificates are closest to (or past) their warning threshold, where are they, and whose are they? Sorted by time left as a multiple of the warning threshold: below 1 is inside the warning threshold, below 0 is expired.',
      id: 6,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 12,
        w: 24,
        x: 0,
        y: 15,
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
                  type: 'color-background',
                  mode: 'basic',
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
            displayName: 'Left / warning threshold',
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
          expr: '(\n(meshcert_cert_not_after_timestamp_seconds{source=~"$source", layer=~"$layer"} - time())\n  and on (job, instance, source, source_kind, location, chain_index)\nbottomk(50,\n  (meshcert_cert_not_after_timestamp_seconds{source=~"$source", layer=~"$layer"} - time())\n    / on (job, instance, source, layer) group_left\n  meshcert_source_threshold_seconds{severity="warning"}\n)\n)\n  * on (job, instance, source, source_kind, location, chain_index) group_left (subject_cn, issuer_cn)\nmeshcert_cert_info{source=~"$source", layer=~"$layer"}',
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
          expr: '(\nbottomk(50,\n  (meshcert_cert_not_after_timestamp_seconds{source=~"$source", layer=~"$layer"} - time())\n    / on (job, instance, source, layer) group_left\n  meshcert_source_threshold_seconds{severity="warning"}\n)\n)\n  * on (job, instance, source, source_kind, location, chain_index) group_left (subject_cn, issuer_cn)\nmeshcert_cert_info{source=~"$source", layer=~"$layer"}',
          refId: 'B',
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
              job: true,
              instance: true,
            },
            indexByName: {
              layer: 0,
              subject_cn: 1,
              location: 2,
              chain_index: 3,
              'Value #A': 4,
              'Value #B': 5,
              issuer_cn: 6,
              source: 7,
              source_kind: 8,
            },
            renameByName: {
              layer: 'Layer',
              subject_cn: 'Subject CN',
              issuer_cn: 'Issuer CN',
              location: 'Location',
              chain_index: 'Chain index',
              source: 'Source',
              source_kind: 'Kind',
              'Value #A': 'Time left',
              'Value #B': 'Left / warning threshold',
            },
          },
        },
      ],
    },
    {
      type: 'row',
      title: 'Rotation',
      id: 7,
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
        y: 27,
      },
    },
    {
      type: 'timeseries',
      title: 'Rotations by layer',
      description: 'Are certificates being replaced? A workload layer that stops rotating is the first sign of a broken CA path; CA layers rotate rarely.',
      id: 8,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 0,
        y: 28,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 'none',
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
        },
        overrides: [],
      },
      options: {
        legend: {
          displayMode: 'table',
          placement: 'right',
          showLegend: true,
          calcs: [
            'sum',
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
          expr: 'sum by (layer) (increase(meshcert_cert_rotations_total{source=~"$source", layer=~"$layer"}[$__rate_interval]))',
          refId: 'A',
          legendFormat: '{{layer}}',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'table',
      title: 'Most of their lifetime used',
      description: "Which certificates have used the largest share of their lifetime without being replaced? Rotation normally happens at 50-80 %; MeshCertRotationStalled fires above the layer's stall bound (default 90 % for workload certificates).",
      id: 9,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 12,
        y: 28,
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
                  type: 'color-background',
                  mode: 'basic',
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
            displayName: 'Lifetime used',
            desc: true,
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
          expr: 'topk(20,\n  (time() - meshcert_cert_not_before_timestamp_seconds{source=~"$source", layer=~"$layer"})\n    / (meshcert_cert_not_after_timestamp_seconds{source=~"$source", layer=~"$layer"} - meshcert_cert_not_before_timestamp_seconds{source=~"$source", layer=~"$layer"})\n)\n  * on (job, instance, source, source_kind, location, chain_index) group_left (subject_cn, issuer_cn)\nmeshcert_cert_info{source=~"$source", layer=~"$layer"}',
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
              job: true,
              instance: true,
              __name__: true,
            },
            indexByName: {
              layer: 0,
              subject_cn: 1,
              location: 2,
              chain_index: 3,
              Value: 4,
              issuer_cn: 5,
              source: 6,
              source_kind: 7,
            },
            renameByName: {
              layer: 'Layer',
              subject_cn: 'Subject CN',
              issuer_cn: 'Issuer CN',
              location: 'Location',
              chain_index: 'Chain index',
              source: 'Source',
              source_kind: 'Kind',
              Value: 'Lifetime used',
            },
          },
        },
      ],
    },
    {
      type: 'row',
      title: 'Chains and sources',
      id: 10,
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
        y: 37,
      },
    },
    {
      type: 'stat',
      title: 'Chains failing verification',
      description: 'How many chains do not build to their configured trust bundle?',
      id: 11,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 4,
        w: 6,
        x: 0,
        y: 38,
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
        graphMode: 'none',
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
          expr: 'count(meshcert_chain_verified{source=~"$source"} == 0) or vector(0)',
          refId: 'A',
          legendFormat: '__auto',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'stat',
      title: 'Issuers expiring before their leaf',
      description: 'In how many chains does a CA expire before a certificate it signed?',
      id: 12,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 4,
        w: 6,
        x: 6,
        y: 38,
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
                color: 'orange',
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
        graphMode: 'none',
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
          expr: 'count(meshcert_chain_issuer_expires_first{source=~"$source"} == 1) or vector(0)',
          refId: 'A',
          legendFormat: '__auto',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'stat',
      title: 'Locations not readable',
      description: 'How many source locations did the last collection fail to read? Their certificates are missing from every other panel.',
      id: 13,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 4,
        w: 6,
        x: 12,
        y: 38,
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
        graphMode: 'none',
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
          expr: 'count(meshcert_source_up{source=~"$source"} == 0) or vector(0)',
          refId: 'A',
          legendFormat: '__auto',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'stat',
      title: 'Certificates with parse warnings',
      description: 'How many certificates did a strict parser reject although the exporter could read them (meshcert_cert_info{parse_warning!=""})?',
      id: 14,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 4,
        w: 6,
        x: 18,
        y: 38,
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
                color: 'orange',
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
        graphMode: 'none',
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
          expr: 'count(meshcert_cert_info{source=~"$source", layer=~"$layer", parse_warning!=""}) or vector(0)',
          refId: 'A',
          legendFormat: '__auto',
          range: true,
          instant: false,
        },
      ],
    },
    {
      type: 'table',
      title: 'Chain verification errors',
      description: 'Which chains fail verification against their trust bundle, and why (unknown_authority, expired, name_mismatch, ...)?',
      id: 15,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 0,
        y: 42,
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
          noValue: 'No chain verification errors',
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
                  mode: 'fixed',
                  fixedColor: 'red',
                },
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
        sortBy: [],
      },
      targets: [
        {
          datasource: {
            type: 'prometheus',
            uid: '${datasource}',
          },
          editorMode: 'code',
          expr: 'meshcert_chain_verify_error_info{source=~"$source"}',
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
              location: 0,
              reason: 1,
              source: 2,
              source_kind: 3,
            },
            renameByName: {
              source: 'Source',
              source_kind: 'Kind',
              location: 'Location',
              reason: 'Reason',
            },
          },
        },
      ],
    },
    {
      type: 'timeseries',
      title: 'Source read errors by reason',
      description: 'Which sources fail to read, and why (not_found, permission_denied, bad_pem, dns, tls_handshake, ...)? Failed read attempts per interval.',
      id: 16,
      datasource: {
        type: 'prometheus',
        uid: '${datasource}',
      },
      gridPos: {
        h: 9,
        w: 12,
        x: 12,
        y: 42,
      },
      pluginVersion: '10.4.0',
      fieldConfig: {
        defaults: {
          unit: 'none',
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
          noValue: 'No read errors',
        },
        overrides: [],
      },
      options: {
        legend: {
          displayMode: 'table',
          placement: 'right',
          showLegend: true,
          calcs: [
            'sum',
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
          expr: 'sum by (source, reason) (increase(meshcert_source_errors_total{source=~"$source"}[$__rate_interval])) > 0',
          refId: 'A',
          legendFormat: '{{source}}: {{reason}}',
          range: true,
          instant: false,
        },
      ],
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
        name: 'source',
        label: 'Source',
        datasource: {
          type: 'prometheus',
          uid: '${datasource}',
        },
        definition: 'label_values(meshcert_cert_not_after_timestamp_seconds, source)',
        query: {
          qryType: 1,
          query: 'label_values(meshcert_cert_not_after_timestamp_seconds, source)',
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
      {
        type: 'custom',
        name: 'layer',
        label: 'Layer',
        query: 'workload,issuing,intermediate,root',
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
        skipUrlSync: false,
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
