public enum MeshCertVersion {
    public static let current = "0.1.0"
}
