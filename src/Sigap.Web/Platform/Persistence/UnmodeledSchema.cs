namespace Sigap.Web.Platform.Persistence;

/// <summary>
/// A database object that a migration creates and the EF model does not describe: a whole table
/// (<see cref="Part"/> null: its columns, indexes and constraints), or one column, index or constraint of a table.
/// The schema test leaves exactly these out when it compares the migrated database with the model.
/// </summary>
public sealed record UnmodeledObject(string Table, string? Part = null)
{
    public static UnmodeledObject WholeTable(string table) => new(table);

    /// <summary>An SQLite FTS5 virtual table and the shadow tables SQLite keeps for it.</summary>
    public static IEnumerable<UnmodeledObject> Fts5Table(string table) =>
        new[] { "", "_data", "_idx", "_content", "_docsize", "_config" }.Select(suffix => WholeTable(table + suffix));

    /// <summary>A column EF does not map, such as a PostgreSQL tsvector kept for full-text search.</summary>
    public static UnmodeledObject Column(string table, string column) => new(table, column);

    /// <summary>An index (or constraint) EF does not know, such as a GIN index over a tsvector.</summary>
    public static UnmodeledObject Index(string table, string index) => new(table, index);
}

/// <summary>
/// Extension point: a module (or platform area) whose migrations create objects outside the EF model (full-text
/// tables, tsvector columns, a library's own tables) declares them by name in a class implementing this.
/// </summary>
public interface IUnmodeledSchema
{
    IEnumerable<UnmodeledObject> Objects(DatabaseProvider provider);
}

public static class UnmodeledSchema
{
    /// <summary>Every declared object for <paramref name="provider"/>, from all <see cref="IUnmodeledSchema"/> classes of the app.</summary>
    public static IReadOnlyList<UnmodeledObject> All(DatabaseProvider provider) => typeof(UnmodeledSchema).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IUnmodeledSchema).IsAssignableFrom(t))
        .SelectMany(t => ((IUnmodeledSchema)Activator.CreateInstance(t, nonPublic: true)!).Objects(provider))
        .ToList();
}
