using FluentAssertions;
using Sigap.Web.Modules.Budget.Features.Recommendations;

namespace Sigap.Tests.Modules.Budget.Setup;

/// <summary>The suggestion arithmetic: weights, rounding to Rp 1.000, never above the budget.</summary>
public sealed class SuggestionMathTests
{
    private static MonthAmounts M(int month, params (int Category, long Amount)[] amounts) =>
        new(2030, month, amounts.ToDictionary(a => a.Category, a => a.Amount));

    [Fact]
    public void Weights_are_six_to_one_most_recent_first() =>
        Enumerable.Range(0, 6).Select(SuggestionMath.Weight).Should().Equal(6, 5, 4, 3, 2, 1);

    [Fact]
    public void History_averages_each_months_shares_with_decreasing_weights()
    {
        // Month 6: all category 1 (weight 6); month 5: all category 2 (weight 5) → 6/11 and 5/11.
        var (shares, used) = SuggestionMath.HistoryShares([1, 2], [M(6, (1, 1_000)), M(5, (2, 9_000_000))])!.Value;
        shares[1].Should().BeApproximately(6m / 11, 0.000001m);
        shares[2].Should().BeApproximately(5m / 11, 0.000001m);
        used.Select(u => u.Month).Should().Equal(6, 5);
    }

    [Fact]
    public void History_uses_at_most_six_months_with_usage_and_ignores_other_categories()
    {
        var months = Enumerable.Range(1, 9).Reverse().Select(m => M(m, (1, 100), (99, 5_000))).Prepend(M(10, (99, 1_000))).ToList();
        var (shares, used) = SuggestionMath.HistoryShares([1, 2], months)!.Value;
        used.Select(u => u.Month).Should().Equal(9, 8, 7, 6, 5, 4);
        shares[1].Should().Be(1m);
        shares[2].Should().Be(0m);
        SuggestionMath.HistoryShares([1], [M(3, (99, 100))]).Should().BeNull();
    }

    [Fact]
    public void Amounts_are_rounded_down_to_a_thousand_and_the_remainder_goes_to_the_largest_share()
    {
        var lines = SuggestionMath.Apply(28_488_600, [1, 2, 3], new Dictionary<int, decimal> { [1] = 0.2m, [2] = 0.5m, [3] = 0.3m });
        // 5.697.720 → 5.697.000; 14.244.300 → 14.244.000 (+1.000); 8.546.580 → 8.546.000.
        lines.Select(l => l.Amount).Should().Equal(5_697_000, 14_245_000, 8_546_000);
        lines.Sum(l => l.Amount).Should().Be(28_488_000);
    }

    [Fact]
    public void Even_split_puts_the_remainder_on_the_first_category()
    {
        var lines = SuggestionMath.Apply(10_000_000, [4, 5, 6], SuggestionMath.EvenShares([4, 5, 6]));
        lines.Select(l => l.Amount).Should().Equal(3_334_000, 3_333_000, 3_333_000);
    }

    [Fact]
    public void The_sum_never_exceeds_the_budget_and_every_amount_is_a_multiple_of_a_thousand()
    {
        var random = new Random(20260101);
        for (var i = 0; i < 2_000; i++)
        {
            var budget = random.NextInt64(0, 100_000_000_000);
            var categories = Enumerable.Range(1, random.Next(1, 9)).ToList();
            var history = Enumerable.Range(0, random.Next(1, 8))
                .Select(m => M(12 - m, categories.Select(c => (c, random.NextInt64(0, 50_000_000))).ToArray())).ToList();
            var shares = SuggestionMath.HistoryShares(categories, history)?.Shares ?? SuggestionMath.EvenShares(categories);
            var lines = SuggestionMath.Apply(budget, categories, shares);
            lines.Sum(l => l.Amount).Should().Be(budget / 1_000 * 1_000);
            lines.Should().OnlyContain(l => l.Amount >= 0 && l.Amount % 1_000 == 0);
        }
    }

    [Fact]
    public void A_last_recommendation_is_scaled_to_the_new_budget()
    {
        var shares = SuggestionMath.SharesOf([1, 2], M(2, (1, 3_000_000), (2, 1_000_000), (7, 500)))!;
        SuggestionMath.Apply(8_000_000, [1, 2], shares).Select(l => l.Amount).Should().Equal(6_000_000, 2_000_000);
        SuggestionMath.SharesOf([1, 2], M(2, (7, 500))).Should().BeNull();
    }
}
