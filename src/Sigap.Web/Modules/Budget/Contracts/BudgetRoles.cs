using Sigap.Web.Platform.Auth;

namespace Sigap.Web.Modules.Budget.Contracts;

/// <summary>The roles Budget declares (in its manifest, with what each may do there); other modules may name them from here.</summary>
public static class BudgetRoles
{
    public static readonly Role AreaAdmin = new("AreaAdmin");
    public static readonly Role RegionAdmin = new("RegionAdmin");
    public static readonly Role BranchManager = new("BranchManager");
    public static readonly Role Mcot = new("Mcot");
    public static readonly Role GmSbp = new("GmSbp");
    public static readonly Role ClusterUser = new("ClusterUser");
}
