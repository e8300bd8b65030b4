namespace Sigap.BrowserTests;

/// <summary>
/// The Budget browser tests change and read the same demo months of the shared app (a report approved by one shows
/// in the other's dashboard figures), so they run one after another instead of in parallel.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BudgetData
{
    public const string Name = "Budget data";
}
