using Revalidation.Core.Common;

namespace Revalidation.Core.Tests.Support;

internal static class ResultAssert
{
    public static void Succeeds(Result result) => Assert.True(result.IsSuccess, $"Expected success, got: {result}");

    public static T Succeeds<T>(Result<T> result)
    {
        Assert.True(result.IsSuccess, $"Expected success, got: {result}");
        return result.Value!;
    }

    /// <summary>The result failed, every violation names <paramref name="rule"/>, and one is about <paramref name="field"/> (when given).</summary>
    public static RuleViolation Breaks(Result result, string rule, string? field = null)
    {
        Assert.False(result.IsSuccess, $"Expected a violation of {rule}, got success.");
        Assert.All(result.Violations, v => Assert.Equal(rule, v.Rule));
        return field is null ? result.Violations[0] : Assert.Single(result.Violations, v => v.Field == field);
    }

    public static RuleViolation Breaks<T>(Result<T> result, string rule, string? field = null) => Breaks(result.Outcome, rule, field);
}
