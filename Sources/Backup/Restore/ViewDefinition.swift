/// A view or materialized view of a backup's schema listing (TableDefinitionList.views):
/// one a restore --table may create again when a DROP ... CASCADE of what it creates took it.
struct ViewDefinition {
    /// "schema name", as the listing spells it.
    let listed: String
    /// Its schema and name, when the listing's schemas tell where the one ends.
    let relation: RelationName?
    let materialized: Bool
    /// A listing of its definition with its comments, grants and labels.
    let listing: String

    /// "schema.name", as a restore names it.
    var shown: String { relation?.qualifiedName ?? listed }
}
