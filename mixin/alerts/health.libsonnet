// The exporter watching itself. These stay per exporter (`instance`): a hung mount or an RBAC
// error is usually one replica's.
local util = import '../lib/util.libsonnet';

function(cfg)
  local age =
    if cfg.dumpMaxAgeSeconds % 3600 == 0 then '%dh' % (cfg.dumpMaxAgeSeconds / 3600)
    else if cfg.dumpMaxAgeSeconds % 60 == 0 then '%dm' % (cfg.dumpMaxAgeSeconds / 60)
    else '%ds' % cfg.dumpMaxAgeSeconds;
  [
    // A source that cannot be read drops its certificates from the output, so their expiry alerts
    // resolve instead of firing. Being blind is the alert.
    util.alert(cfg,
               'MeshCertSourceDown',
               'warning',
               '15m',
               |||
                 meshcert_source_up == 0
                 or on (@X@, source, location)
                 meshcert_endpoint_up == 0
               |||,
               'meshcert-exporter cannot read {{ $labels.location }} (source {{ $labels.source }}).',
               "Source {{ $labels.source }}{{ with $labels.source_kind }} ({{ . }}){{ end }} has failed to read {{ $labels.location }} for 15 minutes on {{ $labels.instance }}. The certificates there are missing from the exporter's output, so none of their expiry alerts can fire."),

    // Intermittent failures: a source that is down altogether is MeshCertSourceDown's.
    util.alert(cfg,
               'MeshCertSourceErrors',
               'warning',
               '30m',
               |||
                 sum by (@X@, source, source_kind, reason) (increase(meshcert_source_errors_total{reason!="deadline_exceeded"}[15m])) > 0
                 unless on (@X@, source, source_kind)
                 (meshcert_source_up == 0)
               |||,
               'Source {{ $labels.source }} keeps failing reads ({{ $labels.reason }}).',
               'Source {{ $labels.source }} ({{ $labels.source_kind }}) on {{ $labels.instance }} has failed reads with reason {{ $labels.reason }} for 30 minutes, {{ $value | printf "%.0f" }} in the last 15 minutes. Certificates it misses on those reads are not measured.'),

    // A source that misses the scrape deadline (a hung mount, a slow dump) is served from its last
    // complete read, so its expiry alerts keep firing; what it cannot show is a rotation since.
    util.alert(cfg,
               'MeshCertCollectionFailing',
               'warning',
               '10m',
               |||
                 meshcert_source_collection_success == 0
               |||,
               'Source {{ $labels.source }} does not finish before the scrape deadline.',
               'Source {{ $labels.source }} on {{ $labels.instance }} has missed the scrape deadline for 10 minutes. Its certificates are exported from its last complete read (expiry times stay right), but a rotation or a new certificate since then is not seen, and without any complete read its certificates are missing.'),

    // A dump written by a job that stopped still parses, and its certificates look as healthy as the day
    // it was written. One alert per source, valued at its oldest location's age.
    util.alert(cfg,
               'MeshCertDumpStale',
               'warning',
               '10m',
               |||
                 max by (@C@, source, source_kind) (
                   time() - meshcert_source_last_change_timestamp_seconds{%(sel)s}
                     unless on (@X@, source)
                   meshcert_kubernetes_watch_up
                 ) > %(age)d
               ||| % { sel: cfg.dumpSelector, age: cfg.dumpMaxAgeSeconds },
               'The {{ $labels.source_kind }} input of source {{ $labels.source }} has not changed for {{ $value | humanizeDuration }}.',
               'Source {{ $labels.source }} ({{ $labels.source_kind }}){{ with $labels.@C@ }} in cluster {{ . }}{{ end }} has content older than ' + age + ' at ' + util.locations('group by (source, location) (time() - meshcert_source_last_change_timestamp_seconds{@C@=%q, source=%q, source_kind=%q} > ' + std.toString(cfg.dumpMaxAgeSeconds) + ')', '$labels.@C@ $labels.source $labels.source_kind', false) + '; the oldest last changed {{ $value | humanizeDuration }} ago. The job that writes it has probably stopped: its certificates look as they did then, rotations since are not seen and what expired since may be long replaced.'),

    util.alert(cfg,
               'MeshCertExporterDown',
               'warning',
               '10m',
               |||
                 up{%s} == 0
               ||| % cfg.jobSelector,
               'Prometheus cannot scrape meshcert-exporter {{ $labels.instance }}.',
               'Every scrape of {{ $labels.instance }} (job {{ $labels.job }}){{ with $labels.@C@ }} in cluster {{ . }}{{ end }} has failed for 10 minutes. What only it reads is not measured; a replica reading the same sources keeps the certificate alerts working.'),

    // absent(meshcert_build_info) rather than absent(up{job=~".*meshcert.*"}): it does not depend on how
    // the scrape job is named, and it also fires when the target is discovered but every scrape fails.
    util.alert(cfg,
               'MeshCertExporterAbsent',
               'critical',
               '15m',
               |||
                 absent(meshcert_build_info)
               |||,
               'meshcert-exporter has disappeared from Prometheus.',
               'No meshcert_build_info series has been scraped for 15 minutes: the exporter is down, failing every scrape, or no longer discovered. No certificate expiry or mTLS alert can fire while it is gone.'),
  ]
