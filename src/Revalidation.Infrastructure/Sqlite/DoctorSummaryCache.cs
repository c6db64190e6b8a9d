using System.Collections.ObjectModel;
using Revalidation.Core.Readiness;

namespace Revalidation.Infrastructure.Sqlite;

/// <summary>
/// Deserialised doctor summaries per designated body, each set labelled with the body's change marker
/// (<see cref="DoctorRow.ChangeSeq"/>) it is complete up to. The store asks the file for the marker on every
/// read, so a set is only ever used while nothing in the body has changed, whichever process wrote; a change
/// costs the rows that changed, not the body. Bounded by a number of doctors over all bodies; the bodies
/// read least recently go first. Sets are immutable once made, so readers share them without locks.
/// </summary>
internal sealed class DoctorSummaryCache(int capacity)
{
    private readonly Dictionary<string, Entry> bodies = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private long clock;

    public bool Enabled => capacity > 0;

    /// <summary>The body's summaries as last read, or null.</summary>
    public Entry? Get(string body)
    {
        lock (gate)
        {
            if (!bodies.TryGetValue(body, out var entry))
            {
                return null;
            }

            entry.LastRead = ++clock;
            return entry;
        }
    }

    /// <summary>Keeps <paramref name="entry"/> unless a newer set of the body is kept already; evicts to stay within the capacity.</summary>
    public void Put(string body, Entry entry)
    {
        lock (gate)
        {
            if (bodies.TryGetValue(body, out var kept) && kept.ChangeSeq >= entry.ChangeSeq)
            {
                return;
            }

            bodies.Remove(body);
            if (entry.Items.Count > capacity)
            {
                return; // larger than the whole cache: read from the file every time
            }

            var total = bodies.Values.Sum(e => e.Items.Count) + entry.Items.Count;
            foreach (var (key, stale) in bodies.OrderBy(b => b.Value.LastRead).ToList())
            {
                if (total <= capacity)
                {
                    break;
                }

                bodies.Remove(key);
                total -= stale.Items.Count;
            }

            entry.LastRead = ++clock;
            bodies[body] = entry;
        }
    }

    /// <summary>One body's summaries, complete up to <see cref="ChangeSeq"/>, in the order the file first listed them.</summary>
    internal sealed class Entry
    {
        private readonly DoctorSummary[] items;
        private readonly Dictionary<Guid, int> positions;

        private Entry(long changeSeq, DoctorSummary[] items, Dictionary<Guid, int> positions)
        {
            ChangeSeq = changeSeq;
            this.items = items;
            this.positions = positions;
            Items = new ReadOnlyCollection<DoctorSummary>(items);
        }

        public long ChangeSeq { get; }

        public IReadOnlyList<DoctorSummary> Items { get; }

        internal long LastRead { get; set; }

        public static Entry Create(long changeSeq, IReadOnlyList<DoctorSummary> summaries)
        {
            var items = summaries.ToArray();
            var positions = new Dictionary<Guid, int>(items.Length);
            for (var i = 0; i < items.Length; i++)
            {
                positions[items[i].Id] = i;
            }

            return new Entry(changeSeq, items, positions);
        }

        /// <summary>A new set: this one with <paramref name="changed"/> replacing their old versions, new doctors at the end.</summary>
        public Entry With(long changeSeq, IReadOnlyList<DoctorSummary> changed)
        {
            var added = changed.Count(s => !positions.ContainsKey(s.Id));
            var next = new DoctorSummary[items.Length + added];
            items.CopyTo(next, 0);
            var nextPositions = added == 0 ? positions : new Dictionary<Guid, int>(positions);
            var end = items.Length;
            foreach (var summary in changed)
            {
                if (nextPositions.TryGetValue(summary.Id, out var at))
                {
                    next[at] = summary;
                }
                else
                {
                    nextPositions[summary.Id] = end;
                    next[end++] = summary;
                }
            }

            return new Entry(changeSeq, next, nextPositions);
        }
    }
}
