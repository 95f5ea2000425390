import Foundation
import MeshCertCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies one version of a file: a `..data` swap changes the inode, an edit the size or times.
struct FileStamp: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var changed: Int64
}

/// The few POSIX calls the file source needs, with errors turned into the closed reasons.
enum FileSystem {
    enum Kind { case regular, directory, other }

    struct Status {
        var kind: Kind
        var stamp: FileStamp

        init(kind: Kind, stamp: FileStamp) {
            self.kind = kind
            self.stamp = stamp
        }

        init(_ info: stat) {
            let mode = info.st_mode & S_IFMT
            kind = mode == S_IFREG ? .regular : mode == S_IFDIR ? .directory : .other
            // Wrapping: a file dated after 2262 (`touch -d 3000-01-01`) must not trap; the stamp only tells change.
            #if canImport(Darwin)
            let modified = Int64(info.st_mtimespec.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtimespec.tv_nsec)
            let changed = Int64(info.st_ctimespec.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctimespec.tv_nsec)
            #else
            let modified = Int64(info.st_mtim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_mtim.tv_nsec)
            let changed = Int64(info.st_ctim.tv_sec) &* 1_000_000_000 &+ Int64(info.st_ctim.tv_nsec)
            #endif
            stamp = FileStamp(
                device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size), modified: modified, changed: changed
            )
        }
    }

    /// A directory held open while its entries are looked at, and its names, sorted, without `.` and `..`.
    final class OpenDirectory: Sendable {
        let descriptor: Int32
        let names: [String]
        /// The names that are symbolic links, or may be (a file system that does not say the entry's type).
        let links: Set<String>

        fileprivate init(descriptor: Int32, names: [String], links: Set<String>) {
            self.descriptor = descriptor
            self.names = names
            self.links = links
        }

        deinit { close(descriptor) }

        /// Each name's `status`, in order. A large directory's names are looked up on every core at
        /// once: a warm scrape of 10,000 unchanged files is mostly these calls, and each must be made.
        func statuses(_ names: ArraySlice<String>) -> [Result<Status, Failure>] {
            InParts.map(names, threshold: 1024) { names in names.map { FileSystem.status($0, in: self) } }
        }
    }

    static func open(directory path: String) -> Result<OpenDirectory, Failure> {
        let descriptor = PathText.withCString(path) { systemOpen($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard descriptor >= 0 else { return .failure(failure(errno, doing: "open directory")) }
        // fdopendir takes the descriptor it is given: list from a duplicate, keep this one for fstatat.
        let listing = dup(descriptor)
        guard listing >= 0, let stream = fdopendir(listing) else {
            let code = errno
            if listing >= 0 { close(listing) }
            close(descriptor)
            return .failure(failure(code, doing: "open directory"))
        }
        defer { closedir(stream) }
        let (names, links) = entries(in: stream)
        return .success(OpenDirectory(descriptor: descriptor, names: names, links: links))
    }

    struct Failure: Error {
        var reason: SourceErrorReason
        var message: String
    }

    static func status(_ path: String, followLinks: Bool = true) -> Result<Status, Failure> {
        var info = stat()
        let result = PathText.withCString(path) { followLinks ? stat($0, &info) : lstat($0, &info) }
        guard result == 0 else { return .failure(failure(errno, doing: "stat")) }
        return .success(Status(info))
    }

    /// `status` of a name in an open directory: the kernel looks up one name, not the whole path.
    static func status(_ name: String, in directory: OpenDirectory) -> Result<Status, Failure> {
        var info = stat()
        let result = PathText.withCString(name) { fstatat(directory.descriptor, $0, &info, 0) }
        guard result == 0 else { return .failure(failure(errno, doing: "stat")) }
        return .success(Status(info))
    }

    static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return PathText.withCString(path) { lstat($0, &info) } == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// A link's target as it may be shown (stray bytes as `\xNN`).
    static func linkTarget(_ path: String) -> String? {
        readLink(path).map(PathText.shown)
    }

    /// A link's target as written in the link, byte for byte; nil for a path that is no link.
    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = PathText.withCString(path) { readlink($0, &buffer, buffer.count - 1) }
        guard count >= 0 else { return nil }
        return PathText.decode(buffer[0..<count].map { UInt8(bitPattern: $0) })
    }

    /// Reads a whole regular file, refusing one larger than `limit` before reading a byte of it.
    static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        let descriptor = PathText.withCString(path) { systemOpen($0, O_RDONLY | O_CLOEXEC | O_NONBLOCK) }
        guard descriptor >= 0 else { return .failure(failure(errno, doing: "open")) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(failure(errno, doing: "stat")) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            return .failure(Failure(reason: .noCertificates, message: "is not a regular file"))
        }
        let size = Int(info.st_size)
        guard size <= limit else {
            return .failure(Failure(reason: .tooLarge, message: "is \(size) bytes, over the \(limit)-byte limit"))
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + filled, size - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(failure(errno, doing: "read"))
            }
            if count == 0 { break }  // shrank while we read: take what is there
            filled += count
        }
        if filled < size { bytes.removeLast(size - filled) }
        return .success(bytes)
    }

    /// The names in a directory, sorted, without `.` and `..`.
    static func list(_ path: String) -> Result<[String], Failure> {
        guard let directory = PathText.withCString(path, { opendir($0) }) else { return .failure(failure(errno, doing: "open directory")) }
        defer { closedir(directory) }
        return .success(entries(in: directory).names)
    }

    private static func entries(in directory: OpaquePointer) -> (names: [String], links: Set<String>) {
        var names: [String] = []
        var links: Set<String> = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: UInt8.self, capacity: 256) { bytes in
                    PathText.decode(Array(UnsafeBufferPointer(start: bytes, count: strnlen(UnsafeRawPointer(bytes).assumingMemoryBound(to: CChar.self), 256))))
                }
            }
            guard name != "." && name != ".." else { continue }
            names.append(name)
            let type = Int32(entry.pointee.d_type)
            if type == Int32(DT_LNK) || type == Int32(DT_UNKNOWN) { links.insert(name) }
        }
        return (names.sorted(), links)
    }

    /// The directory a symbolic link's target lies in (`mount/tls.crt` → `..data/tls.crt` gives
    /// `mount/..data`), or nil for a path that is no link.
    static func linkTargetDirectory(_ path: String) -> String? {
        guard let target = readLink(path), !target.isEmpty else { return nil }
        let resolved = target.hasPrefix("/") ? target : PathText.sibling(of: path, named: target)
        return directory(of: resolved)
    }

    /// The mount points of this process's mount namespace (`/proc/self/mountinfo`'s fifth field, its
    /// `\040`-style escapes undone); empty where there is no such file.
    static func mountPoints() -> Set<String> {
        // A /proc file says its size is 0: read to the end.
        let descriptor = systemOpen("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while bytes.count < 16 << 20 {
            let count = chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        var points: Set<String> = []
        for line in bytes.split(separator: UInt8(ascii: "\n")) {
            let fields = line.split(separator: UInt8(ascii: " "), maxSplits: 5)
            guard fields.count > 4 else { continue }
            var point: [UInt8] = []
            var index = fields[4].startIndex
            while index < fields[4].endIndex {
                let byte = fields[4][index]
                if byte == UInt8(ascii: "\\"), index + 3 < fields[4].endIndex,
                    let value = UInt8(String(decoding: fields[4][(index + 1)...(index + 3)], as: UTF8.self), radix: 8)
                {
                    point.append(value)
                    index += 4
                } else {
                    point.append(byte)
                    index += 1
                }
            }
            points.insert(PathText.decode(point))
        }
        return points
    }

    /// `a/b/c.pem` → `a/b`; `c.pem` → `.`; `/c.pem` → `/`.
    static func directory(of path: String) -> String {
        guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        return slash == path.utf8.startIndex ? "/" : String(path[..<slash])
    }

    static func matches(_ pattern: String, _ name: String) -> Bool {
        PathText.withCString(pattern) { cpattern in PathText.withCString(name) { fnmatch(cpattern, $0, FNM_PERIOD) } } == 0
    }

    private static func failure(_ code: Int32, doing action: String) -> Failure {
        switch code {
        case ENOENT, ENOTDIR: Failure(reason: .notFound, message: "does not exist")
        case ELOOP: Failure(reason: .notFound, message: "is a symbolic link loop")
        case EACCES, EPERM: Failure(reason: .permissionDenied, message: "cannot be read: permission denied")
        default: Failure(reason: .notFound, message: "\(action) failed: \(String(cString: strerror(code)))")
        }
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: Int32) -> Int32 { Glibc.open(path, flags) }
#elseif canImport(Musl)
private let systemRead = Musl.read
private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: Int32) -> Int32 { Musl.open(path, flags) }
#else
private let systemRead = Darwin.read
private func systemOpen(_ path: UnsafePointer<CChar>, _ flags: Int32) -> Int32 { Darwin.open(path, flags) }
#endif
