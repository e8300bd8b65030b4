namespace Sigap.Web.Modules.Budget.Features.Recommendations;

/// <summary>How a suggested recommendation was made.</summary>
internal enum SuggestionMethod { History, LastRecommendation, EvenSplit }

/// <summary>One past month's amounts per category (approved usage, or a recommendation).</summary>
internal sealed record MonthAmounts(int Year, int Month, IReadOnlyDictionary<int, long> ByCategory)
{
    public long Total => ByCategory.Values.Sum();
}

internal sealed record SuggestedLine(int CategoryId, decimal Share, long Amount);

/// <summary>
/// The arithmetic of a suggested recommendation, free of the database so every rule has a unit test.
/// <list type="bullet">
/// <item>History: each of the (up to <see cref="MaxMonths"/>) most recent previous months with approved usage gives
/// every category its share of that month's usage; the shares are averaged with weights 6, 5, 4, 3, 2, 1 (most recent
/// first), so recent months weigh more and a single big month does not drown the others.</item>
/// <item>Last recommendation: the shares of the most recent previous recommendation, scaled to this budget.</item>
/// <item>Even split: the same share for every active category.</item>
/// </list>
/// Amounts are rounded DOWN to Rp 1.000; what rounding leaves (up to the budget rounded down to Rp 1.000) goes to the
/// category with the largest share, so the sum is a multiple of Rp 1.000 and never above the budget.
/// </summary>
internal static class SuggestionMath
{
    public const int MaxMonths = 6;
    public const long Step = 1_000;

    /// <summary>The weight of the i-th most recent month (0-based): 6, 5, 4, 3, 2, 1.</summary>
    public static int Weight(int index) => MaxMonths - index;

    /// <summary>
    /// Shares from the history months, most recent first (only the first <see cref="MaxMonths"/> with usage count);
    /// categories not in <paramref name="categories"/> (inactive, other Area) are left out before shares are taken.
    /// Null when no month has usage of these categories.
    /// </summary>
    public static (IReadOnlyDictionary<int, decimal> Shares, IReadOnlyList<MonthAmounts> Used)? HistoryShares(
        IReadOnlyList<int> categories, IEnumerable<MonthAmounts> mostRecentFirst)
    {
        var wanted = categories.ToHashSet();
        var used = mostRecentFirst
            .Select(m => m with { ByCategory = m.ByCategory.Where(c => wanted.Contains(c.Key) && c.Value > 0).ToDictionary() })
            .Where(m => m.Total > 0)
            .Take(MaxMonths)
            .ToList();
        if (used.Count == 0) return null;

        var shares = categories.ToDictionary(c => c, _ => 0m);
        decimal weights = 0;
        for (var i = 0; i < used.Count; i++)
        {
            var w = Weight(i);
            weights += w;
            var total = (decimal)used[i].Total;
            foreach (var (category, amount) in used[i].ByCategory) shares[category] += w * (amount / total);
        }
        foreach (var c in categories) shares[c] /= weights;
        return (shares, used);
    }

    /// <summary>Shares of one month's amounts (a previous recommendation); null when it holds nothing for these categories.</summary>
    public static IReadOnlyDictionary<int, decimal>? SharesOf(IReadOnlyList<int> categories, MonthAmounts month)
    {
        var total = (decimal)categories.Sum(c => month.ByCategory.GetValueOrDefault(c));
        if (total <= 0) return null;
        return categories.ToDictionary(c => c, c => month.ByCategory.GetValueOrDefault(c) / total);
    }

    public static IReadOnlyDictionary<int, decimal> EvenShares(IReadOnlyList<int> categories) =>
        categories.ToDictionary(c => c, _ => categories.Count == 0 ? 0m : 1m / categories.Count);

    /// <summary>
    /// The budget split by <paramref name="shares"/>, each amount a multiple of Rp 1.000, in the order of
    /// <paramref name="categories"/>. The sum is the budget rounded down to Rp 1.000 (when any share is positive).
    /// </summary>
    public static IReadOnlyList<SuggestedLine> Apply(long budget, IReadOnlyList<int> categories, IReadOnlyDictionary<int, decimal> shares)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        var target = budget / Step * Step;
        var lines = categories.Select(c =>
        {
            var share = shares.GetValueOrDefault(c);
            var amount = (long)decimal.Floor(budget * share / Step) * Step;
            return new SuggestedLine(c, share, amount);
        }).ToList();
        if (lines.Count == 0 || lines.All(l => l.Share <= 0)) return lines.Select(l => l with { Amount = 0 }).ToList();

        // Flooring each share leaves less than Rp 1.000 per category; the largest share (first one on a tie) takes it
        // (and gives back the odd 1.000 when decimal rounding ever made the shares add up to a hair over one).
        var remainder = target - lines.Sum(l => l.Amount);
        if (remainder != 0)
        {
            var largest = lines.Select((l, i) => (l, i)).OrderByDescending(x => x.l.Share).ThenBy(x => x.i).First().i;
            lines[largest] = lines[largest] with { Amount = lines[largest].Amount + remainder };
        }
        return lines;
    }
}
