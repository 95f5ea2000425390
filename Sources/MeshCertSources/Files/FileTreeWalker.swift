import Foundation
import MeshCertCore

/// Turns configured paths and patterns into the files to read, and the places that could not be
/// walked into problems (a pattern that matches nothing, a dangling link, a directory link loop).
struct FileTreeWalker {
    struct FoundFile: Hashable {
        var path: String
        /// Read only if its content looks like PEM or DER (an extension-less file found by a walk).
        var sniff: Bool
        /// Named in the configuration itself, not found by a walk or a glob.
        var explicit: Bool = false
        /// What the walk's own stat saw, so a file is stat'ed once per collection.
        var stamp: FileStamp? = nil
    }

    static let certificateExtensions: Set<String> = ["pem", "crt", "cer", "der", "cert", "p7b", "p7c"]
    static let documentExtensions: Set<String> = ["json", "yaml", "yml"]

    /// The extensions a walk or glob reads; others are passed over.
    let extensions: Set<String>
    let limits: WalkLimits

    private(set) var files: [FoundFile] = []
    private(set) var problems: [SourceError] = []
    /// The files each glob or named directory found (`files[range]`), so one whose files hold no
    /// certificate at all can be told apart from one that holds some.
    private(set) var groups: [(pattern: String, files: Range<Int>)] = []
    /// Every place whose change could change what the walk found (inotify watches them): the directories
    /// walked or listed, those holding a file or directory named in the configuration or matched by a glob,
    /// the directory of every link along a named path, and files that are mount points of their own (a
    /// file bind-mounted into a container is rewritten where its directory hears nothing of it).
    private(set) var directories: Set<String> = []
    /// Found paths that are (or may be) symbolic links: their targets' directories matter too.
    private(set) var links: [String] = []
    private var seen: Set<String> = []
    /// Read once per walk, when the first file is found.
    private lazy var mountPoints: Set<String> = FileSystem.mountPoints()
    private lazy var workingDirectory: String = FileManager.default.currentDirectoryPath
    /// Every directory is read once per collection, however many links lead to it.
    private var visitedDirectories: Set<DirectoryKey> = []
    private var entries = 0
    private var cut = false

    /// Whether `directories` and `links` are wanted (a watch keeps them): where none is, the walk makes
    /// none of the extra `lstat`s, `stat`s and mount-table reads they take.
    let recordsWatch: Bool

    init(extensions: Set<String> = FileTreeWalker.certificateExtensions, limits: WalkLimits = WalkLimits(), recordsWatch: Bool = false) {
        self.extensions = extensions
        self.limits = limits
        self.recordsWatch = recordsWatch
    }

    /// Counts one directory entry or glob candidate; false (and the cut reported once) past the limit.
    private mutating func take(_ place: String) -> Bool {
        entries += 1
        guard entries > limits.maxEntries else { return true }
        if !cut {
            cut = true
            problems.append(
                SourceError(
                    location: place, reason: .tooLarge,
                    message: "the walk passed \(limits.maxEntries) directory entries (max_entries); the rest of this collection's paths are not read"
                )
            )
        }
        return false
    }

    mutating func expand(_ pattern: String) {
        let first = files.count
        defer { if files.count > first { groups.append((pattern, first..<files.count)) } }
        if Self.hasGlobMeta(pattern) {
            let literal = pattern.split(separator: "/", omittingEmptySubsequences: false).prefix { !Self.hasGlobMeta(String($0)) }
            watchLinks(along: literal.joined(separator: "/"))
            let matches = glob(pattern)
            if matches.isEmpty {
                problems.append(SourceError(location: pattern, reason: .notFound, message: "matches no file"))
            }
            let explicitExtension = Self.literalExtension(of: pattern)
            for match in matches { visit(match, explicit: false, wantedExtension: explicitExtension) }
        } else {
            watchLinks(along: pattern)
            visit(pattern, explicit: true, wantedExtension: nil)
        }
    }

    /// `/etc/pki/current/tls.crt` with `current -> v1`: `ln -sfn v2 current` changes only `/etc/pki`.
    private mutating func watchLinks(along path: String) {
        guard recordsWatch else { return }
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix = prefix.isEmpty && !path.hasPrefix("/") ? String(component) : prefix + "/" + component
            if FileSystem.isSymbolicLink(prefix) { directories.insert(FileSystem.directory(of: prefix)) }
        }
    }

    private mutating func visit(_ path: String, explicit: Bool, wantedExtension: String?) {
        // `/etc/certs/` names the directory `/etc/certs`, which sits in `/etc`.
        var named = path
        while named.count > 1 && named.hasSuffix("/") { named.removeLast() }
        if recordsWatch && FileSystem.isSymbolicLink(named) { links.append(named) }
        switch FileSystem.status(path) {
        case .failure(let failure):
            var message = failure.message
            if FileSystem.isSymbolicLink(path), let target = FileSystem.linkTarget(path), failure.message == "does not exist" {
                message = "is a dangling symbolic link to \(target)"
            }
            problems.append(SourceError(location: path, reason: failure.reason, message: message))
        case .success(let status):
            switch status.kind {
            case .directory:
                var ancestors: Set<DirectoryKey> = []
                let before = (files.count, problems.count)
                walk(path, stamp: status.stamp, depth: 0, ancestors: &ancestors)
                if explicit, (files.count, problems.count) == before {
                    problems.append(SourceError(location: path, reason: .noCertificates, message: "is a directory with no certificate files"))
                }
            case .regular:
                // Replaced by a rename in its directory; rewritten in place where it is mounted on its own.
                directories.insert(FileSystem.directory(of: named))
                if explicit || isMountedAlone(named) { directories.insert(named) }
                if explicit {
                    add(FoundFile(path: path, sniff: false, explicit: true, stamp: status.stamp))
                } else {
                    consider(path, stamp: status.stamp, wantedExtension: wantedExtension)
                }
            case .other:
                if explicit { problems.append(SourceError(location: path, reason: .noCertificates, message: "is not a regular file")) }
            }
        }
    }

    private struct DirectoryKey: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    private mutating func walk(_ directory: String, stamp: FileStamp, depth: Int, ancestors: inout Set<DirectoryKey>) {
        let key = DirectoryKey(device: stamp.device, inode: stamp.inode)
        if ancestors.contains(key) {
            problems.append(
                SourceError(location: directory, reason: .notFound, message: "is a symbolic link loop back to a directory already read; not followed")
            )
            return
        }
        // Reached again by another path (links forming a DAG): its files were taken the first time.
        guard visitedDirectories.insert(key).inserted else { return }
        ancestors.insert(key)
        defer { ancestors.remove(key) }
        guard depth < limits.maxDepth else {
            problems.append(SourceError(location: directory, reason: .notFound, message: "is nested deeper than \(limits.maxDepth) levels (max_depth); not read"))
            return
        }
        let opened: FileSystem.OpenDirectory
        switch FileSystem.open(directory: directory) {
        case .success(let open): opened = open
        case .failure(let failure):
            problems.append(SourceError(location: directory, reason: failure.reason, message: failure.message))
            return
        }
        directories.insert(directory)
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        // Looked up before the loop (at most what `max_entries` still allows), all at once.
        let names = opened.names.filter { !$0.hasPrefix("..") }
        let statuses = opened.statuses(names.prefix(max(0, limits.maxEntries - entries + 1)))
        for (name, status) in zip(names, statuses) {
            let path = base + "/" + name
            guard take(path) else { return }
            switch status {
            case .failure(let failure):
                // Only links can fail here: report those that point at something we would read.
                guard FileSystem.isSymbolicLink(path) else { continue }
                let target = FileSystem.linkTarget(path) ?? "?"
                let message = failure.message == "does not exist" ? "is a dangling symbolic link to \(target)" : failure.message
                problems.append(SourceError(location: path, reason: failure.reason, message: message))
            case .success(let status):
                if opened.links.contains(name) { links.append(path) }
                switch status.kind {
                case .directory: walk(path, stamp: status.stamp, depth: depth + 1, ancestors: &ancestors)
                case .regular:
                    if status.stamp.device != stamp.device || isMountedAlone(path) { directories.insert(path) }
                    consider(path, name: name, stamp: status.stamp, wantedExtension: nil)
                case .other: continue
                }
            }
        }
    }

    private mutating func consider(_ path: String, name: String? = nil, stamp: FileStamp, wantedExtension: String?) {
        let name = name ?? path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        let fileExtension = Self.fileExtension(of: name)
        if let fileExtension {
            if let wantedExtension, wantedExtension == fileExtension {
                add(FoundFile(path: path, sniff: false, stamp: stamp))
            } else if extensions.contains(fileExtension) {
                add(FoundFile(path: path, sniff: false, stamp: stamp))
            }
        } else {
            add(FoundFile(path: path, sniff: true, stamp: stamp))
        }
    }

    /// A file that is a mount point of its own: a file bind-mounted into a container (Docker `-v`, a
    /// Kubernetes `subPath`) is rewritten on the host, and the directory it appears in hears nothing.
    private mutating func isMountedAlone(_ path: String) -> Bool {
        guard recordsWatch, !mountPoints.isEmpty else { return false }
        return mountPoints.contains(path.hasPrefix("/") ? path : workingDirectory + "/" + path)
    }

    private mutating func add(_ file: FoundFile) {
        if seen.insert(file.path).inserted { files.append(file) }
    }

    /// `tls.crt` → `crt`; `ca` → nil; `.hidden` → nil.
    static func fileExtension(of name: String) -> String? {
        // By bytes: `.` is ASCII, so it never sits inside a multi-byte character.
        let bytes = name.utf8
        guard let dot = bytes.lastIndex(of: UInt8(ascii: ".")), dot != bytes.startIndex else { return nil }
        let ext = name[bytes.index(after: dot)...]
        return ext.isEmpty ? nil : ext.lowercased()
    }

    /// `/etc/*.txt` asks for `.txt` files by name, so they are read although `.txt` is no certificate extension.
    static func literalExtension(of pattern: String) -> String? {
        guard let last = pattern.split(separator: "/").last, let ext = fileExtension(of: String(last)) else { return nil }
        return hasGlobMeta(ext) ? nil : ext
    }

    static func hasGlobMeta(_ text: String) -> Bool {
        text.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// Expands a pattern component by component; `**` stands for any number of directories. Every
    /// candidate counts against `maxEntries`, so 40 levels of `*` over a link loop end at the limit.
    private mutating func glob(_ pattern: String) -> [String] {
        var current = [pattern.hasPrefix("/") ? "/" : ""]
        for component in pattern.split(separator: "/").map(String.init) {
            var next: [String] = []
            if component == "**" {
                var visited: Set<DirectoryKey> = []
                for base in current { collectDirectories(base, depth: 0, visited: &visited, into: &next) }
            } else if Self.hasGlobMeta(component) {
                expanding: for base in current {
                    directories.insert(base.isEmpty ? "." : base)
                    guard case .success(let names) = FileSystem.list(base.isEmpty ? "." : base) else { continue }
                    for name in names where !name.hasPrefix("..") && FileSystem.matches(component, name) {
                        let path = Self.join(base, name)
                        guard take(pattern) else { break expanding }
                        next.append(path)
                    }
                }
            } else {
                next = current.map { Self.join($0, component) }
                // A name not there yet appears in its directory: that directory is watched (one where the
                // name exists is not: it may be as busy as /tmp, and what matters lies further down).
                for (base, path) in zip(current, next) where recordsWatch && !FileSystem.isSymbolicLink(path) && (try? FileSystem.status(path).get()) == nil {
                    if (try? FileSystem.status(base.isEmpty ? "." : base).get())?.kind == .directory { directories.insert(base.isEmpty ? "." : base) }
                }
            }
            current = next
            if cut { break }
        }
        return current.filter { !$0.isEmpty && (FileSystem.isSymbolicLink($0) || (try? FileSystem.status($0).get()) != nil) }
    }

    private mutating func collectDirectories(_ base: String, depth: Int, visited: inout Set<DirectoryKey>, into result: inout [String]) {
        guard take(base) else { return }
        result.append(base)
        directories.insert(base.isEmpty ? "." : base)
        guard depth < limits.maxDepth, case .success(let names) = FileSystem.list(base.isEmpty ? "." : base) else { return }
        for name in names where !name.hasPrefix("..") {
            let path = Self.join(base, name)
            // Links are not followed here: `**` through a link loop would never end.
            if !FileSystem.isSymbolicLink(path), case .success(let status) = FileSystem.status(path), status.kind == .directory,
                visited.insert(DirectoryKey(device: status.stamp.device, inode: status.stamp.inode)).inserted
            {
                collectDirectories(path, depth: depth + 1, visited: &visited, into: &result)
            }
        }
    }

    private static func join(_ base: String, _ name: String) -> String {
        if base.isEmpty { return name }
        if base.hasSuffix("/") { return base + name }
        return base + "/" + name
    }
}
