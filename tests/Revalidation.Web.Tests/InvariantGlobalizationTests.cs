namespace Revalidation.Web.Tests;

/// <summary>
/// The UI runs with invariant globalization (the project's InvariantGlobalization: a smaller download), where asking for
/// a named culture such as en-GB throws while rendering. bUnit runs with full globalization and would not notice, so
/// the sources are checked: formatting uses the invariant culture and writes UK forms itself.
/// </summary>
public sealed class InvariantGlobalizationTests
{
    [Fact]
    public void WebSources_NeverAskForANamedCulture()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Revalidation.sln")))
        {
            root = root.Parent;
        }

        var web = Path.Combine(root!.FullName, "src", "Revalidation.Web");
        var offenders = Directory.EnumerateFiles(web, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f) is var text && (text.Contains("GetCultureInfo(", StringComparison.Ordinal) || text.Contains("new CultureInfo(", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(web, f))
            .ToList();

        Assert.True(offenders.Count == 0, $"These ask for a named culture, which throws in the browser: {string.Join(", ", offenders)}");
    }
}
