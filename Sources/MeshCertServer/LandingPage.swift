import MeshCertCore
import MeshCertSources

/// The page at `/`: what this exporter reads and where its metrics are.
enum LandingPage {
    static func html(sources: [SourceInstance], probeModules: [String] = []) -> String {
        var rows = ""
        for source in sources {
            let targets = source.targets.map { "<code>\(escape(RedactedURL.shown($0)))</code>" }.joined(separator: "<br>")
            let layer = source.descriptor.forcedLayer.map { " (layer forced: \($0.rawValue))" } ?? ""
            rows += "<tr><td>\(escape(source.descriptor.name))</td><td>\(source.descriptor.kind.rawValue)\(layer)</td><td>\(targets)</td></tr>\n"
        }
        if sources.isEmpty {
            rows = "<tr><td colspan=\"3\">No sources configured: pass --file PATH, --endpoint HOST:PORT or --config.file FILE.</td></tr>\n"
        }
        let modules = probeModules.map { "<code>\(escape($0))</code>" }.joined(separator: ", ")
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><title>meshcert-exporter</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style>
            </head><body>
            <h1>meshcert-exporter \(MeshCertVersion.current)</h1>
            <p>Certificate expiry across the mesh's CA hierarchy (workload, issuing, intermediate, root).</p>
            <p><a href="/metrics">Metrics</a> · <a href="/healthz">Health</a>\(probeModules.isEmpty ? "" : " · <code>/probe?target=host:port&amp;module=NAME</code> (modules: \(modules))")</p>
            <h2>Sources</h2>
            <table><tr><th>Name</th><th>Kind</th><th>Reads</th></tr>
            \(rows)</table>
            </body></html>

            """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
