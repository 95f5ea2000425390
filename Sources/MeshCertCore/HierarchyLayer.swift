/// Where a certificate sits in the mesh's PKI. The raw values are the `layer` label values.
public enum HierarchyLayer: String, CaseIterable, Sendable, Codable {
    case workload
    case issuing
    case intermediate
    case root
}
