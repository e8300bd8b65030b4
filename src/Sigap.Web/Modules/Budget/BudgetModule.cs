using Microsoft.AspNetCore.Authorization;
using Sigap.Web.Modules.Budget.Contracts;
using Sigap.Web.Modules.Budget.Data;
using Sigap.Web.Modules.Budget.Features.Outputs;
using Sigap.Web.Modules.Budget.Features.Budgets;
using Sigap.Web.Modules.Budget.Features.Dashboard;
using Sigap.Web.Modules.Budget.Features.Reports;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Composition;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Org;

namespace Sigap.Web.Modules.Budget;

/// <summary>Budget (Anggaran): marketing-fee budgets down the Area &gt; Region &gt; Branch &gt; Cluster tree. AddBudget/MapBudget are its only entry points.</summary>
internal static class BudgetModule
{
    /// <summary>See the dashboards, reports and evidence of one's scope.</summary>
    public const string Read = "budget.read";
    /// <summary>Categories, budgets (one by one or imported), month closing, over-spend policy.</summary>
    public const string Manage = "budget.manage";
    /// <summary>Split a cluster's budget over categories.</summary>
    public const string Recommend = "budget.recommend";
    /// <summary>Approve or reject evidence.</summary>
    public const string Review = "budget.review";
    /// <summary>Submit usage reports with evidence.</summary>
    public const string Submit = "budget.submit";
    /// <summary>Download the Excel export.</summary>
    public const string Export = "budget.export";

    public static readonly Role[] ReadRoles = [BudgetRoles.AreaAdmin, BudgetRoles.RegionAdmin, BudgetRoles.BranchManager, BudgetRoles.Mcot, BudgetRoles.GmSbp, BudgetRoles.ClusterUser];
    public static readonly Role[] ManageRoles = [BudgetRoles.AreaAdmin];
    public static readonly Role[] RecommendRoles = [BudgetRoles.RegionAdmin];
    public static readonly Role[] ReviewRoles = [BudgetRoles.RegionAdmin, BudgetRoles.BranchManager, BudgetRoles.Mcot];
    public static readonly Role[] SubmitRoles = [BudgetRoles.ClusterUser];
    public static readonly Role[] ExportRoles = [BudgetRoles.AreaAdmin, BudgetRoles.RegionAdmin, BudgetRoles.BranchManager, BudgetRoles.Mcot];

    public static WebApplicationBuilder AddBudget(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AuthorizationOptions>(o =>
        {
            o.AddRolePolicy(Read, ReadRoles);
            o.AddRolePolicy(Manage, ManageRoles);
            o.AddRolePolicy(Recommend, RecommendRoles);
            o.AddRolePolicy(Review, ReviewRoles);
            o.AddRolePolicy(Submit, SubmitRoles);
            o.AddRolePolicy(Export, ExportRoles);
        });
        Texts.Add(BudgetTexts.All);
        builder.Services.AddModule(new ModuleManifest("Budget",
            new NavItem("module.budget", "/budget", "account_balance_wallet", ReadRoles),
            [.. ReadRoles.Select(r => new RoleUse(r, $"budget.role.{r}"))]));
        builder.Services.AllowFileStaging(SubmitRoles);
        builder.Services.AllowOrgAdmin(ManageRoles); // an Area admin keeps the Area's offices and clusters
        builder.Services.AddBudgetOutputs();
        builder.Services.AddBudgetSetup();
        builder.Services.AddBudgetDashboard();
        builder.Services.AddBudgetReports();
        builder.Services.AddScoped<IOrgUnitUsage, BudgetUnitUsage>();
        return builder;
    }

    public static WebApplication MapBudget(this WebApplication app)
    {
        var api = app.MapGroup("/api/budget").WithTags("Budget").RequireAuthorization(Read);
        api.MapBudgetOutputs();
        api.MapBudgetSetup();
        api.MapBudgetDashboard();
        api.MapBudgetReports();
        return app;
    }
}
