namespace Revalidation.Core.Common;

/// <summary>
/// A broken rule, as a value. <see cref="Rule"/> is the rule id of docs/domain.md#rules (for example "R4"),
/// or "Validation" for plain input errors; <see cref="Field"/> names the input at fault.
/// </summary>
public sealed record RuleViolation(string Rule, string Field, string Message)
{
    public override string ToString() => $"{Rule} ({Field}): {Message}";
}

/// <summary>The outcome of a domain operation: success, or the rules it broke. Expected failures are values.</summary>
public readonly record struct Result
{
    private readonly IReadOnlyList<RuleViolation>? violations;

    private Result(IReadOnlyList<RuleViolation>? violations) => this.violations = violations;

    public static Result Success { get; }

    public IReadOnlyList<RuleViolation> Violations => violations ?? [];

    public bool IsSuccess => Violations.Count == 0;

    public static Result Fail(string rule, string field, string message) => new([new RuleViolation(rule, field, message)]);

    public static Result Fail(IEnumerable<RuleViolation> violations)
    {
        var list = violations.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("A failure needs at least one violation.", nameof(violations));
        }

        return new Result(list);
    }

    /// <summary>Combines checks: success only when every one succeeded; otherwise all their violations.</summary>
    public static Result All(params Result[] results)
    {
        var all = results.SelectMany(r => r.Violations).ToList();
        return all.Count == 0 ? Success : new Result(all);
    }

    public static implicit operator Result(RuleViolation violation) => new([violation]);

    public override string ToString() => IsSuccess ? "Success" : string.Join("; ", Violations);
}

/// <summary>A value, or the rules that prevented it.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, Result outcome)
    {
        Value = value;
        Outcome = outcome;
    }

    public T? Value { get; }

    public Result Outcome { get; }

    public bool IsSuccess => Outcome.IsSuccess;

    public IReadOnlyList<RuleViolation> Violations => Outcome.Violations;

    public static Result<T> Ok(T value) => new(value, Result.Success);

    public static Result<T> Fail(Result failure) =>
        failure.IsSuccess ? throw new ArgumentException("Not a failure.", nameof(failure)) : new(default, failure);

    public static Result<T> Fail(string rule, string field, string message) => Fail(Result.Fail(rule, field, message));

    public static implicit operator Result<T>(T value) => Ok(value);

    public static implicit operator Result<T>(Result failure) => Fail(failure);

    public static implicit operator Result<T>(RuleViolation violation) => Fail(violation);

    public override string ToString() => IsSuccess ? $"Ok({Value})" : Outcome.ToString();
}
