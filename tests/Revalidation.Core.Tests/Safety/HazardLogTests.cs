using System.Text.RegularExpressions;

namespace Revalidation.Core.Tests.Safety;

/// <summary>
/// docs/safety/hazard-log.md names, for each hazard, the tests that prove its mitigation. This reads the log and the test
/// sources, so a renamed or deleted test cannot leave a hazard unproven.
/// </summary>
public sealed partial class HazardLogTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void EveryTestTheHazardLogNamesExists()
    {
        var hazards = Hazards();
        var sources = Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();

        var missing = hazards
            .SelectMany(h => h.Tests.Select(t => (h.Id, t.Class, t.Method)))
            .Where(t => !sources.Any(s => s.Contains($"class {t.Class}", StringComparison.Ordinal)
                && Regex.IsMatch(s, $@"\b(void|Task)\s+{Regex.Escape(t.Method)}\s*\(")))
            .Select(t => $"{t.Id}: {t.Class}.{t.Method}")
            .ToList();

        Assert.True(missing.Count == 0, "The hazard log names tests that do not exist: " + string.Join("; ", missing));
    }

    [Fact]
    public void TheLogListsEveryHazardOfTheClinicalSafetyReview_EachWithAtLeastOneTest()
    {
        var hazards = Hazards();

        Assert.True(hazards.Count >= 22, $"Expected at least 22 hazards, found {hazards.Count}.");
        Assert.All(hazards, h => Assert.NotEmpty(h.Tests));
        Assert.Equal(hazards.Count, hazards.Select(h => h.Id).Distinct(StringComparer.Ordinal).Count());
    }

    private static List<(string Id, List<(string Class, string Method)> Tests)> Hazards() =>
        File.ReadAllLines(Path.Combine(Root, "docs", "safety", "hazard-log.md"))
            .Where(l => HazardRow().IsMatch(l))
            .Select(l =>
            {
                var cells = l.Split('|', StringSplitOptions.TrimEntries);
                var tests = TestName().Matches(cells[^2]).Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
                return (cells[1], tests);
            })
            .ToList();

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Revalidation.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Revalidation.sln) was not found above the test's folder.");
    }

    [GeneratedRegex(@"^\| H\d+ \|")]
    private static partial Regex HazardRow();

    [GeneratedRegex(@"`(\w+)\.(\w+)`")]
    private static partial Regex TestName();
}
