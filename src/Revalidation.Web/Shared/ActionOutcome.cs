using Revalidation.Web.Services;

namespace Revalidation.Web.Shared;

/// <summary>
/// What happened to one thing acted on (an evidence item, a data-quality issue), shown next to it by
/// <see cref="ActionNotice"/> (issue 15, item 8).
/// </summary>
public sealed record ActionOutcome(Guid Id, string Message, bool IsError)
{
    /// <summary>The API's refusal, in the words the error summary would use.</summary>
    public static ActionOutcome Failed(Guid id, ApiProblem problem) => new(id, string.Join(" ", problem.Items.Select(i => i.Message)), true);
}
