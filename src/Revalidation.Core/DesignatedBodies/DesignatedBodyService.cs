using Revalidation.Core.Audit;
using Revalidation.Core.Common;
using Revalidation.Core.Doctors;
using Revalidation.Core.Store;

namespace Revalidation.Core.DesignatedBodies;

/// <summary>
/// The one path by which a designated body's settings are created and changed (docs/decisions/0015): load, check the
/// caller's ETag, apply a rule-checked change, save with its audit event in the same write.
/// </summary>
public sealed class DesignatedBodyService(IDesignatedBodyStore bodies, TimeProvider time)
{
    public Task<DesignatedBody?> GetAsync(DesignatedBodyCode body, CancellationToken cancellationToken = default) =>
        bodies.GetDesignatedBodyAsync(body, cancellationToken);

    public async Task<ServiceResult<DesignatedBody>> ChangeAsync(
        DesignatedBodyCode code, Actor actor, AuditNote note, Func<DesignatedBody, Result> apply, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(apply);
        var body = await bodies.GetDesignatedBodyAsync(code, cancellationToken);
        if (body is null)
        {
            return ServiceResult<DesignatedBody>.NotFound("Your designated body is not set up yet.");
        }

        if (ifMatch is not null && ifMatch != body.ETag)
        {
            return ServiceResult<DesignatedBody>.Conflict("The settings changed since you read them. Reload and try again.");
        }

        var result = apply(body);
        if (!result.IsSuccess)
        {
            return ServiceResult<DesignatedBody>.Invalid(result);
        }

        return await SaveAsync(body, actor, note, cancellationToken);
    }

    /// <summary>Saves a new designated body.</summary>
    public Task<ServiceResult<DesignatedBody>> CreateAsync(DesignatedBody body, Actor actor, AuditNote note, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.ETag is null ? SaveAsync(body, actor, note, cancellationToken) : throw new ArgumentException("Only a body never saved can be created.", nameof(body));
    }

    private async Task<ServiceResult<DesignatedBody>> SaveAsync(DesignatedBody body, Actor actor, AuditNote note, CancellationToken cancellationToken)
    {
        var audit = AuditEvent.Create(body.Code, null, actor, note.Action, note.Summary, time.GetUtcNow(), note.Change);
        var saved = await bodies.SaveDesignatedBodyAsync(body, [audit], cancellationToken);
        return saved.Saved
            ? ServiceResult<DesignatedBody>.Ok(body)
            : ServiceResult<DesignatedBody>.Conflict("Someone else changed the settings at the same time. Reload and try again.");
    }
}
