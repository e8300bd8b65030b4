using System.Globalization;
using System.Net;
using System.Text;
using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Localization;

namespace Sigap.Web.Modules.Budget.Features.Outputs;

/// <summary>
/// The accountability report as one self-contained HTML page for the PDF renderer: every user-given text is encoded,
/// images are data: URIs (the renderer's page has no network), the layout is print CSS for A4.
/// </summary>
internal static class AccountabilityHtml
{
    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
    private static string T(string key, params object?[] args) => E(Texts.Get(key, args));

    private const string Css = """
        @page { size: A4; }
        * { box-sizing: border-box; }
        html, body { margin: 0; padding: 0; }
        body { font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif; font-size: 9pt; color: #1f2933; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        h1 { font-size: 20pt; margin: 0 0 4mm; color: #b71c1c; }
        h2 { font-size: 13pt; margin: 6mm 0 3mm; color: #b71c1c; border-bottom: 1.5pt solid #b71c1c; padding-bottom: 1mm; }
        h3 { font-size: 11pt; margin: 5mm 0 2mm; color: #37474f; break-after: avoid; }
        .cover { height: 255mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }
        .brand { font-size: 10pt; letter-spacing: 3pt; color: #78909c; margin-bottom: 10mm; font-weight: bold; }
        .unit { font-size: 16pt; font-weight: bold; margin: 2mm 0; }
        .meta { font-size: 10pt; color: #455a64; }
        .cover table.facts { width: auto; margin-top: 10mm; font-size: 10.5pt; }
        .cover table.facts td { border: none; padding: 1.5mm 8mm 1.5mm 0; }
        .cover table.facts td:first-child { color: #607d8b; }
        .cards { display: flex; gap: 4mm; margin-top: 12mm; }
        .card { flex: 1; border: 1pt solid #cfd8dc; border-radius: 2mm; padding: 3mm 4mm; }
        .card .label { color: #607d8b; font-size: 8.5pt; }
        .card .value { font-size: 12pt; font-weight: bold; margin-top: 1mm; white-space: nowrap; }
        table { width: 100%; border-collapse: collapse; }
        th, td { border: 0.6pt solid #cfd8dc; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
        th { background: #eceff1; font-weight: bold; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; }
        .num { text-align: right; white-space: nowrap; }
        tfoot td, tr.total td { font-weight: bold; background: #fafafa; }
        .over { color: #c62828; font-weight: bold; }
        .chart { margin-top: 5mm; break-inside: avoid; }
        .chart .caption { color: #607d8b; font-size: 8.5pt; margin-bottom: 1mm; }
        .details { margin-top: 8mm; }
        .empty { color: #607d8b; font-style: italic; padding: 4mm 0; }
        .report { border: 0.8pt solid #b0bec5; border-radius: 1.5mm; margin: 0 0 4mm; padding: 2.5mm 3mm; break-inside: avoid; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
        .report .head { break-inside: avoid; }
        .report .head table td { border: none; padding: 0.6mm 2mm 0.6mm 0; }
        .report .head table td.k { color: #607d8b; width: 30mm; white-space: nowrap; }
        .report .title { font-weight: bold; font-size: 10pt; margin-bottom: 1.5mm; display: flex; justify-content: space-between; gap: 4mm; }
        .desc { white-space: pre-wrap; overflow-wrap: anywhere; }
        .evidence { display: flex; flex-wrap: wrap; gap: 3mm; margin-top: 2mm; }
        .evidence figure { margin: 0; width: calc(50% - 1.5mm); break-inside: avoid; }
        .evidence img { display: block; max-width: 100%; max-height: 95mm; margin: 0 auto; object-fit: contain; border: 0.5pt solid #cfd8dc; }
        .evidence figcaption { font-size: 7pt; color: #78909c; text-align: center; margin-top: 0.8mm; overflow-wrap: anywhere; }
        .note { font-size: 8pt; color: #546e7a; margin-top: 1mm; overflow-wrap: anywhere; }
        .keep { break-inside: avoid; }
        .group-sum { color: #546e7a; font-size: 8.5pt; margin: -1mm 0 2mm; }
        """;

    public static string Render(AccountabilityData d)
    {
        var totalRec = d.Categories.Sum(c => c.Recommended);
        var totalApproved = d.Categories.Sum(c => c.Approved);
        var period = OutputsTexts.Period(d.Year, d.Month);
        var html = new StringBuilder(64 * 1024);
        html.Append("<!doctype html><html lang=\"").Append(Texts.IsEnglish ? "en" : "id").Append("\"><head><meta charset=\"utf-8\"><title>")
            .Append(T("budget.out.title")).Append("</title><style>").Append(Css).Append("</style></head><body>");

        // Cover
        html.Append("<section class=\"cover\"><div class=\"brand\">SIGAP · ").Append(T("budget.title").ToUpperInvariant()).Append("</div>")
            .Append("<h1>").Append(T("budget.out.title")).Append("</h1>")
            .Append("<div class=\"unit\">").Append(E(d.Unit.Name)).Append("</div>")
            .Append("<div class=\"meta\">").Append(E(d.Unit.Code)).Append(" · ").Append(T($"org.kind.{d.Unit.Kind}")).Append("</div>")
            .Append("<table class=\"facts\">");
        Fact(html, "budget.out.period", period);
        Fact(html, "budget.out.clusters", d.ClusterCount.ToString(CultureInfo.InvariantCulture));
        Fact(html, "budget.out.generatedBy", d.GeneratedBy);
        Fact(html, "budget.out.generatedAt", OutputsTexts.DateTimeWib(d.GeneratedAt));
        html.Append("</table><div class=\"cards\">");
        Card(html, "budget.out.budget", Money.Rupiah(d.Budget));
        Card(html, "budget.out.recommended", Money.Rupiah(totalRec));
        Card(html, "budget.out.approved", Money.Rupiah(totalApproved));
        Card(html, "budget.out.remaining", Money.Rupiah(d.Budget - totalApproved));
        html.Append("</div></section>");

        // Summary per category
        html.Append("<section><h2>").Append(T("budget.out.summary")).Append(" — ").Append(E(period)).Append("</h2>");
        if (d.Categories.Count == 0)
            html.Append("<p class=\"empty\">").Append(T("budget.out.noCategories")).Append("</p>");
        else
        {
            html.Append("<table><thead><tr><th>").Append(T("budget.out.category")).Append("</th><th class=\"num\">").Append(T("budget.out.recommended"))
                .Append("</th><th class=\"num\">").Append(T("budget.out.approved")).Append("</th><th class=\"num\">").Append(T("budget.out.percent"))
                .Append("</th><th class=\"num\">").Append(T("budget.out.remaining")).Append("</th></tr></thead><tbody>");
            foreach (var c in d.Categories)
                SummaryRow(html, E(c.Name), c.Recommended, c.Approved, "");
            html.Append("</tbody><tfoot>");
            SummaryRow(html, T("budget.out.total"), totalRec, totalApproved, "total");
            html.Append("<tr class=\"total\"><td>").Append(T("budget.out.budget")).Append("</td><td class=\"num\">").Append(E(Money.Rupiah(d.Budget)))
                .Append("</td><td class=\"num\">").Append(E(Money.Rupiah(totalApproved))).Append("</td><td class=\"num\">")
                .Append(E(Money.Percent(totalApproved, d.Budget))).Append("</td><td class=\"num\">").Append(E(Money.Rupiah(d.Budget - totalApproved)))
                .Append("</td></tr></tfoot></table>");
            Chart(html, d.Categories);
        }
        html.Append("</section>");

        // Approved reports, grouped by cluster
        html.Append("<section class=\"details\"><h2>").Append(T("budget.out.details")).Append("</h2>");
        if (d.Reports.Count == 0)
            html.Append("<p class=\"empty\">").Append(T("budget.out.noReports")).Append("</p>");
        foreach (var group in d.Reports.GroupBy(r => (r.ClusterCode, r.ClusterName)))
        {
            // The heading travels with the cluster's first report, so it never ends a page alone.
            html.Append("<div class=\"keep\"><h3>").Append(E(group.Key.ClusterName)).Append(" (").Append(E(group.Key.ClusterCode)).Append(")</h3>")
                .Append("<div class=\"group-sum\">").Append(T("budget.out.reportCount", group.Count(), Money.Rupiah(group.Sum(r => r.Amount)))).Append("</div>");
            var first = true;
            foreach (var r in group)
            {
                Report(html, r);
                if (first) html.Append("</div>");
                first = false;
            }
        }
        html.Append("</section></body></html>");
        return html.ToString();
    }

    private static void Fact(StringBuilder html, string key, string value) =>
        html.Append("<tr><td>").Append(T(key)).Append("</td><td>").Append(E(value)).Append("</td></tr>");

    private static void Card(StringBuilder html, string key, string value) =>
        html.Append("<div class=\"card\"><div class=\"label\">").Append(T(key)).Append("</div><div class=\"value\">").Append(E(value)).Append("</div></div>");

    private static void SummaryRow(StringBuilder html, string name, long recommended, long approved, string css)
    {
        var over = recommended > 0 && approved > recommended || recommended == 0 && approved > 0;
        html.Append("<tr class=\"").Append(css).Append("\"><td>").Append(name).Append("</td><td class=\"num\">").Append(E(Money.Rupiah(recommended)))
            .Append("</td><td class=\"num\">").Append(E(Money.Rupiah(approved))).Append("</td><td class=\"num").Append(over ? " over" : "").Append("\">")
            .Append(E(Money.Percent(approved, recommended))).Append("</td><td class=\"num").Append(over ? " over" : "").Append("\">")
            .Append(E(Money.Rupiah(recommended - approved))).Append("</td></tr>");
    }

    /// <summary>Horizontal bars of % used per category, in SVG so it prints sharp; a bar past 100% turns red and stops at the edge.</summary>
    private static void Chart(StringBuilder html, IReadOnlyList<CategoryLine> categories)
    {
        const int label = 180, width = 700, row = 22, bar = 14, scale = 120;
        var barWidth = width - label - 60;
        var height = categories.Count * row + 24;
        html.Append("<div class=\"chart\"><div class=\"caption\">").Append(T("budget.out.chart")).Append("</div>")
            .Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"11\">");
        foreach (var tick in new[] { 0, 50, 100 })
        {
            var x = label + barWidth * tick / scale;
            html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{height - 16}\" stroke=\"{(tick == 100 ? "#90a4ae" : "#eceff1")}\" stroke-dasharray=\"{(tick == 100 ? "4 3" : "0")}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{height - 4}\" text-anchor=\"middle\" fill=\"#78909c\">{tick}%</text>");
        }
        for (var i = 0; i < categories.Count; i++)
        {
            var c = categories[i];
            var pct = c.Recommended > 0 ? 100.0 * c.Approved / c.Recommended : c.Approved > 0 ? scale : 0;
            var w = barWidth * Math.Min(pct, scale) / scale;
            var color = pct > 100 ? "#c62828" : pct >= 80 ? "#ef6c00" : "#2e7d32";
            var y = i * row + 4;
            var name = c.Name.Length > 26 ? c.Name[..25] + "…" : c.Name;
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{label - 6}\" y=\"{y + bar - 3}\" text-anchor=\"end\" fill=\"#37474f\">{E(name)}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"{label}\" y=\"{y}\" width=\"{barWidth}\" height=\"{bar}\" fill=\"#f5f5f5\"/>")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"{label}\" y=\"{y}\" width=\"{w:0.#}\" height=\"{bar}\" fill=\"{color}\"/>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{label + w + 4:0.#}\" y=\"{y + bar - 3}\" fill=\"#37474f\">{E(Money.Percent(c.Approved, c.Recommended))}</text>");
        }
        html.Append("</svg></div>");
    }

    private static void Report(StringBuilder html, ReportLine r)
    {
        html.Append("<div class=\"report\"><div class=\"head\"><div class=\"title\"><span>#").Append(r.Id.ToString(CultureInfo.InvariantCulture)).Append(" · ")
            .Append(E(r.Category)).Append("</span><span>").Append(E(Money.Rupiah(r.Amount))).Append("</span></div><table>");
        Row(html, "budget.out.cluster", $"{r.ClusterName} ({r.ClusterCode})");
        Row(html, "budget.out.date", OutputsTexts.Date(r.SpendDate));
        Row(html, "budget.out.amount", Money.Rupiah(r.Amount));
        html.Append("<tr><td class=\"k\">").Append(T("budget.out.description")).Append("</td><td class=\"desc\">").Append(E(r.Description)).Append("</td></tr>");
        Row(html, "budget.out.submitter", r.Submitter);
        Row(html, "budget.out.approver", r.Approver is null ? "—" : r.ReviewedAt is { } at ? $"{r.Approver}, {OutputsTexts.DateTimeWib(at)}" : r.Approver);
        html.Append("</table></div>");
        var images = r.Evidence.Where(e => e.DataUri is not null).ToList();
        if (images.Count > 0)
        {
            html.Append("<div class=\"evidence\">");
            foreach (var e in images)
                html.Append("<figure><img src=\"").Append(E(e.DataUri)).Append("\" alt=\"").Append(E(e.FileName)).Append("\"><figcaption>")
                    .Append(E(e.FileName)).Append("</figcaption></figure>");
            html.Append("</div>");
        }
        foreach (var e in r.Evidence.Where(e => e.Note is not null))
            html.Append("<div class=\"note\">").Append(E(e.Note)).Append("</div>");
        html.Append("</div>");
    }

    private static void Row(StringBuilder html, string key, string value) =>
        html.Append("<tr><td class=\"k\">").Append(T(key)).Append("</td><td>").Append(E(value)).Append("</td></tr>");
}
