using Revalidation.Core.Alerts;
using Revalidation.Core.DesignatedBodies;

namespace Revalidation.Store.Tests.Contract;

/// <summary>An alert as the first release stored it (docs/decisions/0017): a string kind and a free-text detail, no schema version.</summary>
public sealed record FirstReleaseAlert(string Key, Guid? DoctorId, AlertRecipient Recipient, string Kind, string? Detail, DateOnly DueOn, DateOnly? RefersTo);

/// <summary>How an adapter's test class writes a <see cref="FirstReleaseAlert"/> straight into its database, as the first release did.</summary>
public interface IFirstReleaseAlerts
{
    Task StoreAsync(DesignatedBodyCode body, FirstReleaseAlert alert);
}
