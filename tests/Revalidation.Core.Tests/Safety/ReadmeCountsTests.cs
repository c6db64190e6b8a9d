using System.Text.RegularExpressions;

namespace Revalidation.Core.Tests.Safety;

/// <summary>
/// The README says how many bad-input and fault tests the test command runs ("N bad inputs, M faults, nothing lost") and
/// how they are counted. This counts them the same way, so the sentence cannot drift from the suite.
/// </summary>
public sealed partial class ReadmeCountsTests
{
    private static readonly string Root = FindRoot();

    [Fact]
    public void TheReadmesBadInputAndFaultCounts_AreTheSuites()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var badInputs = sources.Sum(s => BadInputTest().Count(s));
        var faults = sources.Sum(s => CountOf(s, "[Trait(\"Kind\", \"Fault\")]"));

        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var headline = Headline().Match(readme);
        var sentence = Sentence().Match(readme);
        Assert.True(headline.Success && sentence.Success, "README.md no longer says \"N bad inputs, M faults, nothing lost\" with its counts.");

        var expected = $"{badInputs} bad inputs, {faults} faults";
        Assert.Equal(expected, $"{headline.Groups[1].Value} bad inputs, {headline.Groups[2].Value} faults");
        Assert.Equal(expected, $"{sentence.Groups[1].Value} bad inputs, {sentence.Groups[2].Value} faults");
        Assert.True(faults >= 2, "The fault tests (mid-write and mid-upload kills) are gone.");
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Revalidation.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("The repository root (Revalidation.sln) was not found above the test's folder.");
    }

    // The README's grep: a method declaration whose name says the request is refused with 400, 413, 415 or 422.
    [GeneratedRegex(@"(Task|void) \w*Returns(400|413|415|422)\w*\(")]
    private static partial Regex BadInputTest();

    [GeneratedRegex(@"\*\*(\d+) bad inputs, (\d+) faults, nothing lost\.\*\*")]
    private static partial Regex Headline();

    [GeneratedRegex(@"The test command includes (\d+) bad-input tests and (\d+) fault tests")]
    private static partial Regex Sentence();
}
