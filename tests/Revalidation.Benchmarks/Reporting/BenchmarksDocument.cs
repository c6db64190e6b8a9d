using System.Text;

namespace Revalidation.Benchmarks.Reporting;

/// <summary>
/// docs/benchmarks.md: one "## " section per suite, each rewritten whole by its own run and the others left as they are.
/// </summary>
internal static class BenchmarksDocument
{
    public const string RelativePath = "docs/benchmarks.md";

    private const string Preamble = """
        # Benchmarks

        The speed and memory targets of docs/domain.md#roles0, measured by the bench command, a console app run by hand
        (never part of the test run; no unit test carries a timed assertion):

            dotnet run -c Release --project tests/Revalidation.Benchmarks -- [api|cosmos|web|scan|directory|all] [--quick]

        A full run rewrites its suite's section below with the figures of that run; `--quick` (a smaller body,
        fewer requests: a smoke check of the bench itself) only prints. The command exits 1 when a target is missed.
        Each section holds one run. On a shared two-core machine repeated runs have differed by up to about 2× in
        latency, so read the margin to a target rather than the last digit, and compare runs on one machine only.

        """;

    /// <summary>The repository root: the nearest folder above the bench's binaries that holds the solution.</summary>
    public static string FindRepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Revalidation.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Revalidation.sln not found above the bench's binaries.");
    }

    /// <summary>Replaces the section titled <paramref name="title"/> (or appends it) and returns the file's path relative to the root.</summary>
    public static string WriteSection(string repositoryRoot, string title, string body)
    {
        var path = Path.Combine(repositoryRoot, RelativePath);
        var lines = File.Exists(path) ? File.ReadAllLines(path).ToList() : [.. Preamble.Split('\n')];
        var heading = $"## {title}";
        var start = lines.FindIndex(l => l.TrimEnd() == heading);
        var section = new List<string> { heading, string.Empty };
        section.AddRange(body.TrimEnd().Split('\n'));
        section.Add(string.Empty);
        if (start < 0)
        {
            while (lines.Count > 0 && lines[^1].Length == 0)
            {
                lines.RemoveAt(lines.Count - 1);
            }

            lines.Add(string.Empty);
            lines.AddRange(section);
        }
        else
        {
            var end = lines.FindIndex(start + 1, l => l.StartsWith("## ", StringComparison.Ordinal));
            lines.RemoveRange(start, (end < 0 ? lines.Count : end) - start);
            lines.InsertRange(start, section);
        }

        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = new StringBuilder();
        foreach (var line in lines.Select(l => l.TrimEnd('\r')))
        {
            text.Append(line).Append('\n');
        }

        File.WriteAllText(path, text.ToString().TrimEnd('\n') + "\n");
        return RelativePath;
    }
}
