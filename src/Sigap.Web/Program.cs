using Sigap.Web.Modules.Budget;
using Sigap.Web.Platform;

var builder = WebApplication.CreateBuilder(args);
builder.AddPlatform();
builder.AddBudget();

var app = builder.Build();
if (await app.RunCommandAsync(args)) return;

app.UsePlatform();
app.MapPlatform();
app.MapBudget();
await app.PrepareAsync();
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
