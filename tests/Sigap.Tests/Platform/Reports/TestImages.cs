using System.Text;

namespace Sigap.Tests.Platform.Reports;

/// <summary>Small real PNGs (no imaging library here): RGB, no alpha, a gradient seeded by a colour so no two are alike.</summary>
public static class TestImages
{
    public static byte[] Png(int width, int height, byte r, byte g, byte b) =>
        Sigap.Web.Platform.Files.Png.Rgb(width, height, (x, y) => ((byte)(r + x), (byte)(g + y), (byte)(b + x * y / 16)));

    /// <summary>A one-page PDF that passes the upload's content check.</summary>
    public static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
}

/// <summary>poppler-utils on a PDF: its text and its image list.</summary>
public static class Poppler
{
    public static async Task<string> RunAsync(string tool, byte[] pdf, params string[] args)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sigap-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var psi = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.ArgumentList.Add(file);
            if (tool == "pdftotext") psi.ArgumentList.Add("-");
            using var p = System.Diagnostics.Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            await p.WaitForExitAsync();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{tool} failed: {await stderr}");
            return await stdout;
        }
        finally
        {
            File.Delete(file);
        }
    }

    public static Task<string> TextAsync(byte[] pdf) => RunAsync("pdftotext", pdf, "-layout");

    /// <summary>Rows of <c>pdfimages -list</c> whose type is "image" (masks are listed apart).</summary>
    public static async Task<int> ImageCountAsync(byte[] pdf) => (await ImagesAsync(pdf)).Count;

    /// <summary>Width and height of each image drawn.</summary>
    public static async Task<IReadOnlyList<(int Width, int Height)>> ImagesAsync(byte[] pdf)
    {
        var list = await RunAsync("pdfimages", pdf, "-list");
        return list.Split('\n').Skip(2).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cols => cols.Length > 4 && cols[2] == "image").Select(cols => (int.Parse(cols[3]), int.Parse(cols[4]))).ToList();
    }
}
