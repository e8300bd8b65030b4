using System.Net;
using System.Net.Http.Json;
using FluentAssertions;
using Sigap.Tests.Infrastructure;
using Sigap.Tests.Platform.Org;
using static Sigap.Tests.Platform.Org.OrgTestKit;

namespace Sigap.Tests.Platform.Admin;

public sealed record AuditDto(long Id, DateTimeOffset At, Guid? UserId, string? UserEmail, string Action, string? EntityType, string? EntityId, int? OrgUnitId, string? Data);

public sealed class AuditApiTests(DemoApp app)
{
    [Fact]
    public async Task Filters_by_action_prefix_entity_and_time_newest_first()
    {
        using var admin = await app.SignInAsync(Demo.Admin);
        var a3 = await app.UnitIdAsync("A3");
        var before = app.Clock.GetUtcNow().AddMinutes(-1);
        var unit = await admin.CreateUnitAsync(a3, "Office");
        (await admin.PutAsJsonAsync($"/api/org/units/{unit.Id}", new { code = unit.Code, name = "Kantor Baru" }, Ct)).EnsureSuccessStatusCode();

        var entries = await (await admin.GetAsync($"/api/audit?action=org.unit.&entityType=OrgUnit&entityId={unit.Id}&from={Uri.EscapeDataString(before.ToString("O"))}", Ct))
            .ReadAsync<PagedDto<AuditDto>>();
        entries.Items.Select(e => e.Action).Should().Equal("org.unit.updated", "org.unit.created");
        entries.Items.Should().OnlyContain(e => e.UserEmail == Demo.Admin && e.OrgUnitId == unit.Id);

        var userId = entries.Items[0].UserId!.Value;
        var byUser = await (await admin.GetAsync($"/api/audit?userId={userId}&action=org.unit.updated&pageSize=200", Ct)).ReadAsync<PagedDto<AuditDto>>();
        byUser.Items.Should().Contain(e => e.EntityId == unit.Id.ToString());
        byUser.Items.Select(e => e.At).Should().BeInDescendingOrder();

        var future = app.Clock.GetUtcNow().AddDays(1).ToString("O");
        var none = await (await admin.GetAsync($"/api/audit?entityId={unit.Id}&entityType=OrgUnit&from={Uri.EscapeDataString(future)}", Ct)).ReadAsync<PagedDto<AuditDto>>();
        none.Total.Should().Be(0);
        var past = await (await admin.GetAsync($"/api/audit?entityId={unit.Id}&entityType=OrgUnit&to={Uri.EscapeDataString(before.ToString("O"))}", Ct)).ReadAsync<PagedDto<AuditDto>>();
        past.Total.Should().Be(0);

        await (await admin.GetAsync("/api/audit?pageSize=100000", Ct)).ShouldNameFieldAsync("pageSize");
        await (await admin.GetAsync("/api/audit?userId=nope", Ct)).ShouldNameFieldAsync("userId");
    }
}
