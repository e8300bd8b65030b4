using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Modules.Budget.Features.Categories;
using Sigap.Web.Platform.Audit;
using Sigap.Web.Platform.Auth;
using Sigap.Web.Platform.Errors;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Localization;
using Sigap.Web.Platform.Org;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Budgets;

internal sealed record ImportRowError(int Row, string Field, string Message);
internal sealed record ImportResult(int Imported, int Created, int Updated, int Skipped);


/// <summary>
/// Many budgets at once from an .xlsx or .csv. All or nothing: every row is checked first, and one bad row means an error
/// report per row and nothing saved; otherwise every row is upserted in one transaction, each change audited like a single
/// one. Rows whose amount cell is empty (the template's example rows left unfilled) are skipped and counted.
/// </summary>
internal sealed class BudgetImport(ScopeService scopes, AuditLog audit, TimeProvider clock)
{
    public const long MaxBytes = 5 * 1024 * 1024;
    /// <summary>An .xlsx is a zip: a few MB can unpack to gigabytes, so its declared content is capped too.</summary>
    public const long MaxUnpackedBytes = 50 * 1024 * 1024;
    public const int MaxRows = 20_000;
    private const string RowsKey = "rows";

    /// <summary>400 naming every row at fault, as <c>rows: [{ row, field, message }]</c> in the ProblemDetails.</summary>
    private static Failure Rejected(IReadOnlyList<ImportRowError> rows) =>
        new(FailureKind.Invalid, "budget.import.rejected", [rows.Count]) { Extensions = new Dictionary<string, object?> { [RowsKey] = rows } };

    /// <summary>The rows at fault of a refused import, for a page to list; empty when the file itself was refused.</summary>
    public static IReadOnlyList<ImportRowError> RowsAtFault(Failure failure) =>
        failure.Extensions?.GetValueOrDefault(RowsKey) as IReadOnlyList<ImportRowError> ?? [];

    /// <summary>Accepted header names per column, Indonesian and English, compared without case, spaces, '-' or '_'.</summary>
    private static readonly (string Field, string[] Names)[] Columns =
    [
        ("clusterCode", ["kodecluster", "clustercode", "kodeklaster", "cluster", "kode"]),
        ("year", ["tahun", "year"]),
        ("month", ["bulan", "month"]),
        ("amount", ["anggaran", "amount", "budget", "nominal", "jumlah"]),
    ];

    public static readonly string[] TemplateHeader = ["kode_cluster", "tahun", "bulan", "anggaran"];

    /// <summary>Saved counts, or a refusal: of the file itself (400 on "file"), or of rows (<see cref="RowsAtFault"/>; nothing saved).</summary>
    public async Task<Outcome<ImportResult>> ImportAsync(SigapDb db, ClaimsPrincipal user, Stream content, CancellationToken ct)
    {
        var (rows, fileError) = await ReadAsync(content, ct);
        if (fileError is not null) return fileError;

        var errors = new List<ImportRowError>();
        void Error(int row, string field, string key, params object?[] args) => errors.Add(new ImportRowError(row, field, Texts.Get(key, args)));

        var header = rows!.FirstOrDefault(r => !r.IsBlank);
        if (header is null) return Failure.Field("file", "budget.import.empty");
        var names = header.Cells.Select(Normalize).ToList();
        var index = new Dictionary<string, int>();
        foreach (var (field, accepted) in Columns)
        {
            var at = names.FindIndex(n => accepted.Contains(n));
            if (at < 0) Error(header.Row, field, "budget.import.columnMissing", string.Join(" / ", accepted.Take(2)));
            else index[field] = at;
        }
        if (errors.Count > 0) return Rejected(errors);

        var data = rows!.Where(r => r.Row > header.Row && !r.IsBlank).ToList();
        if (data.Count == 0) return Failure.Field("file", "budget.import.empty");
        if (data.Count > MaxRows) return Failure.Field("file", "budget.import.tooManyRows", MaxRows);

        // Parse every row.
        var parsed = new List<(int Row, string Code, int Year, int Month, long? Amount)>();
        foreach (var r in data)
        {
            var ok = true;
            var code = r.Cell(index["clusterCode"]);
            if (code.Length == 0) { Error(r.Row, "clusterCode", "validation.required"); ok = false; }
            if (!int.TryParse(r.Cell(index["year"]), out var year) || year is < 2000 or > 2100)
            { Error(r.Row, "year", "budget.import.year", r.Cell(index["year"])); ok = false; }
            if (!int.TryParse(r.Cell(index["month"]), out var month) || month is < 1 or > 12)
            { Error(r.Row, "month", "budget.import.month", r.Cell(index["month"])); ok = false; }
            var amountText = r.Cell(index["amount"]);
            long? amount = null;
            if (amountText.Length > 0)
            {
                if (!BudgetSheet.TryParseRupiah(amountText, out var a)) { Error(r.Row, "amount", "budget.import.amount", amountText); ok = false; }
                else if (a > SetupAccess.MaxAmount) { Error(r.Row, "amount", "validation.range", 0, Money.Rupiah(SetupAccess.MaxAmount)); ok = false; }
                else amount = a;
            }
            if (ok) parsed.Add((r.Row, code, year, month, amount));
        }

        // Look the clusters up by code, a chunk at a time (bounded parameter lists on both databases).
        var codes = parsed.Select(p => p.Code).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var units = new Dictionary<string, OrgUnit>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in codes.Chunk(500))
        {
            var lower = chunk.Select(c => c.ToLowerInvariant()).ToArray();
            foreach (var u in await db.OrgUnits.AsNoTracking().Where(u => lower.Contains(u.Code.ToLower())).ToListAsync(ct)) units[u.Code] = u;
        }
        var scope = await scopes.ForAsync(user, ct);
        var areas = await db.OrgUnits.AsNoTracking().Where(u => u.Kind == OrgUnitKind.Area).Select(u => u.Id).ToListAsync(ct);
        var years = parsed.Select(p => p.Year).Distinct().ToArray();
        var closed = (await db.Set<ClosedMonth>().AsNoTracking().Where(c => years.Contains(c.Year)).Select(c => new { c.AreaId, c.Year, c.Month }).ToListAsync(ct))
            .Select(c => (c.AreaId, c.Year, c.Month)).ToHashSet();

        var valid = new List<(int Row, OrgUnit Cluster, int Year, int Month, long Amount)>();
        var seen = new Dictionary<(int, int, int), int>();
        var skipped = 0;
        foreach (var p in parsed)
        {
            // Out of scope reads exactly like unknown: the import never tells what exists elsewhere.
            if (!units.TryGetValue(p.Code, out var unit) || !scope.Covers(unit.Path, BudgetModule.ManageRoles))
            { Error(p.Row, "clusterCode", "budget.import.clusterNotFound", p.Code); continue; }
            if (unit.Kind != OrgUnitKind.Cluster) { Error(p.Row, "clusterCode", "budget.import.notCluster", p.Code); continue; }
            if (seen.TryGetValue((unit.Id, p.Year, p.Month), out var first))
            { Error(p.Row, "clusterCode", "budget.import.duplicate", unit.Code, SetupAccess.Period(p.Year, p.Month), first); continue; }
            seen[(unit.Id, p.Year, p.Month)] = p.Row;
            var areaId = OrgScope.PathIds(unit.Path).FirstOrDefault(areas.Contains);
            if (closed.Contains((areaId, p.Year, p.Month))) { Error(p.Row, "month", "budget.month.closed", SetupAccess.Period(p.Year, p.Month)); continue; }
            if (p.Amount is null) { skipped++; continue; }
            valid.Add((p.Row, unit, p.Year, p.Month, p.Amount.Value));
        }
        if (errors.Count > 0) return Rejected(errors.OrderBy(e => e.Row).ToList());

        // Save: load the existing budgets of the clusters involved, then one SaveChanges (one transaction).
        var clusterIds = valid.Select(v => v.Cluster.Id).Distinct().ToArray();
        var existing = new Dictionary<(int, int, int), MonthlyBudget>();
        foreach (var chunk in clusterIds.Chunk(500))
            foreach (var b in await db.Set<MonthlyBudget>().Where(b => chunk.Contains(b.ClusterId) && years.Contains(b.Year)).ToListAsync(ct))
                existing[(b.ClusterId, b.Year, b.Month)] = b;
        int created = 0, updated = 0;
        var now = clock.GetUtcNow();
        var userId = user.UserId();
        foreach (var v in valid)
        {
            long? old = null;
            if (existing.TryGetValue((v.Cluster.Id, v.Year, v.Month), out var budget)) { old = budget.Amount; updated++; }
            else
            {
                db.Add(budget = new MonthlyBudget { ClusterId = v.Cluster.Id, Year = v.Year, Month = v.Month });
                created++;
            }
            budget.Amount = v.Amount;
            budget.UpdatedAt = now;
            budget.UpdatedBy = userId;
            BudgetHandlers.Audit(audit, db, userId, v.Cluster, v.Year, v.Month, old, v.Amount, "import");
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else created one of these months meanwhile; nothing of this import was saved.
            db.ChangeTracker.Clear();
            return Failure.Conflict("error.conflict");
        }
        return new ImportResult(valid.Count, created, updated, skipped);
    }

    /// <summary>The template: the header row, then the caller's clusters for the month with their current budget (blank when unset).</summary>
    public async Task<byte[]> TemplateAsync(SigapDb db, ClaimsPrincipal user, int year, int month, CancellationToken ct)
    {
        var scope = await scopes.ForAsync(user, ct);
        var prefixes = scope.Prefixes(BudgetModule.ManageRoles);
        var clusters = prefixes.Count == 0 ? [] : await db.OrgUnits.AsNoTracking().UnderAny(prefixes).Where(u => u.Kind == OrgUnitKind.Cluster)
            .OrderBy(u => u.Code).Take(2000).Select(u => new { u.Id, u.Code }).ToListAsync(ct);
        var ids = clusters.Select(c => c.Id).ToArray();
        var amounts = await db.Set<MonthlyBudget>().AsNoTracking().Where(b => ids.Contains(b.ClusterId) && b.Year == year && b.Month == month)
            .ToDictionaryAsync(b => b.ClusterId, b => b.Amount, ct);
        return BudgetSheet.WriteXlsx(TemplateHeader, clusters.Select(c => (c.Code, year, month, amounts.TryGetValue(c.Id, out var a) ? a : (long?)null)));
    }

    /// <summary>Reads at most <see cref="MaxBytes"/>, recognises the type by content (XLSX zip with a workbook, or UTF-8 text that is not markup).</summary>
    private static async Task<(List<SheetRow>? Rows, Failure? Error)> ReadAsync(Stream content, CancellationToken ct)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            if (memory.Length + read > MaxBytes) return (null, Failure.Field("file", "files.tooLarge", "5 MB"));
            memory.Write(buffer, 0, read);
        }
        if (memory.Length == 0) return (null, Failure.Field("file", "files.empty"));
        var bytes = memory.GetBuffer().AsSpan(0, (int)memory.Length);
        var kind = FileSniffer.Detect(bytes[..Math.Min(bytes.Length, FileSniffer.HeadLength)]);
        if (kind == FileKind.Xlsx)
        {
            memory.Position = 0;
            if (!FileSniffer.IsXlsx(memory)) return (null, Failure.Field("file", "files.typeNotAllowed", "XLSX, CSV"));
            try
            {
                memory.Position = 0;
                using (var zip = new System.IO.Compression.ZipArchive(memory, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: true))
                    if (zip.Entries.Sum(e => e.Length) > MaxUnpackedBytes)
                        return (null, Failure.Field("file", "budget.import.unpackedTooLarge", "50 MB"));
                memory.Position = 0;
                var sheet = BudgetSheet.ReadXlsx(memory);
                return (sheet.Value, sheet.Error);
            }
            catch (Exception e) when (e is InvalidDataException or DocumentFormat.OpenXml.Packaging.OpenXmlPackageException or InvalidOperationException
                or FormatException or System.Xml.XmlException or IOException)
            {
                return (null, Failure.Field("file", "budget.import.unreadable"));
            }
        }
        if (kind != FileKind.None || bytes.Contains((byte)0) || FileSniffer.LooksLikeMarkup(bytes[..Math.Min(bytes.Length, FileSniffer.HeadLength)]))
            return (null, Failure.Field("file", "files.typeNotAllowed", "XLSX, CSV"));
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return (null, Failure.Field("file", "files.typeNotAllowed", "XLSX, CSV"));
        }
        return (BudgetSheet.ReadCsv(text), null);
    }

    private static string Normalize(string header) =>
        new(header.Trim().TrimStart('\uFEFF').ToLowerInvariant().Where(c => c is not (' ' or '_' or '-' or '.')).ToArray());
}
