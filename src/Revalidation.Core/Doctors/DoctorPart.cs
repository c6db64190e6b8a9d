using System.Text.Json.Serialization;

namespace Revalidation.Core.Doctors;

/// <summary>
/// A feature-owned part of a doctor's record (its cycles, appraisals, evidence, recommendations, GMC link). A part keeps
/// its own data and the rules that change it, and reaches the rest of the record through <see cref="Doctor"/> for the
/// few checks that span features. Parts are saved inside the record's one document (docs/decisions/0015).
/// </summary>
public abstract class DoctorPart
{
    /// <summary>The record this part belongs to; set when the record is created or read.</summary>
    [JsonIgnore]
    protected internal DoctorRecord Doctor { get; private set; } = null!;

    internal void AttachTo(DoctorRecord doctor) => Doctor = doctor;
}
