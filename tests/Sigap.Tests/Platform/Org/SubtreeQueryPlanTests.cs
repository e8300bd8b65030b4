using System.Data.Common;
using System.Text;
using FluentAssertions;
using Microsoft.EntityFrameworkCore;
using Sigap.Tests.Infrastructure;
using Sigap.Web.Platform.Org;
using static Sigap.Tests.Platform.Org.OrgTestKit;

namespace Sigap.Tests.Platform.Org;

/// <summary>"Everything under X" is one range scan of the Path index, on both databases.</summary>
public sealed class SubtreeQueryPlanTests(DemoApp app)
{
    [Fact]
    public async Task Subtree_query_uses_the_path_index()
    {
        var (sql, plan) = await app.WithDbAsync(async db =>
        {
            var a3Path = await db.OrgUnits.Where(u => u.Code == "A3").Select(u => u.Path).SingleAsync(Ct);
            var query = OrgUnitHandlers.Subtree(db, a3Path);
            (await query.CountAsync(Ct)).Should().BeGreaterThanOrEqualTo(10);

            await db.Database.OpenConnectionAsync(Ct);
            try
            {
                if (!db.IsSqlite) await db.Database.ExecuteSqlRawAsync("SET enable_seqscan = off", Ct);
                // The command EF runs for this query (its SQL is query.ToQueryString()), with its parameters bound.
                await using var command = query.CreateDbCommand();
                command.CommandText = (db.IsSqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
                var text = new StringBuilder();
                await using var reader = await command.ExecuteReaderAsync(Ct);
                while (await reader.ReadAsync(Ct))
                    text.AppendLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i)?.ToString())));
                return (query.ToQueryString(), text.ToString());
            }
            finally
            {
                if (!db.IsSqlite) await db.Database.ExecuteSqlRawAsync("RESET enable_seqscan", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
        });

        plan.Should().Contain("IX_OrgUnits_Path", $"the subtree query should range-scan the Path index.\nSQL:\n{sql}\nPlan:\n{plan}");
        if (!TestDatabase.IsPostgres)
            plan.Should().Contain("SEARCH").And.NotContain("SCAN OrgUnits ", $"no full scan of OrgUnits.\nSQL:\n{sql}\nPlan:\n{plan}");
        else
            plan.Should().NotContain("Seq Scan", $"no sequential scan.\nSQL:\n{sql}\nPlan:\n{plan}");
    }
}
