namespace Revalidation.Core.Common;

public enum ServiceStatus
{
    Ok,
    /// <summary>No such item in the caller's designated body (or the caller may not know it exists).</summary>
    NotFound,
    /// <summary>The input broke a rule; nothing changed.</summary>
    Invalid,
    /// <summary>The item changed since the caller read it, or the change collides with another (409).</summary>
    Conflict,
    /// <summary>The caller may see the item but not make this change (403), e.g. on their own record (R20).</summary>
    Forbidden,
}

/// <summary>The outcome of a feature service call; one place in the API maps it to HTTP.</summary>
public sealed record ServiceResult<T>(ServiceStatus Status, T? Value, IReadOnlyList<RuleViolation> Violations, string? Detail = null)
{
    public bool IsOk => Status == ServiceStatus.Ok;

    /// <summary>Ok, and the change found nothing to do: nothing was saved.</summary>
    public bool Unchanged { get; init; }

#pragma warning disable CA1000 // factory methods of the result type
    public static ServiceResult<T> Ok(T value) => new(ServiceStatus.Ok, value, []);

    public static ServiceResult<T> NotFound(string detail) => new(ServiceStatus.NotFound, default, [], detail);

    public static ServiceResult<T> Invalid(Result failure) => new(ServiceStatus.Invalid, default, failure.Violations);

    public static ServiceResult<T> Invalid(string rule, string field, string message) => Invalid(Result.Fail(rule, field, message));

    public static ServiceResult<T> Forbidden(string rule, string field, string message) =>
        new(ServiceStatus.Forbidden, default, [new RuleViolation(rule, field, message)], message);

    public static ServiceResult<T> Conflict(string detail, string? rule = null, string? field = null) =>
        new(ServiceStatus.Conflict, default, rule is null ? [] : [new RuleViolation(rule, field ?? "etag", detail)], detail);
#pragma warning restore CA1000

    public ServiceResult<TOther> As<TOther>() =>
        IsOk ? throw new InvalidOperationException("Only a failure can be converted.") : new(Status, default, Violations, Detail);
}
