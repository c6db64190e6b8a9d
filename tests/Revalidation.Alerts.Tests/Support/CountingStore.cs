using System.Collections.Concurrent;
using System.Reflection;

namespace Revalidation.Alerts.Tests.Support;

/// <summary>
/// Counts the store round trips (calls of the store ports, by method) made through the ports it wraps; each wrapper
/// forwards everything else unchanged. One counter may wrap several ports, so that a service's calls add up whichever
/// port they go to.
/// </summary>
public sealed class CountingStore
{
    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public int Total => Calls.Values.Sum();

    /// <summary>A port that counts each call here, then makes it on <paramref name="inner"/>.</summary>
    public T Wrap<T>(T inner)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(inner);
        var proxy = DispatchProxy.Create<T, Forwarder>();
        var forwarder = (Forwarder)(object)proxy;
        (forwarder.Inner, forwarder.Owner) = (inner, this);
        return proxy;
    }

    /// <summary>The proxy class: <see cref="DispatchProxy"/> needs a non-sealed one with a public parameterless constructor.</summary>
    private class Forwarder : DispatchProxy
    {
        internal object Inner { get; set; } = null!;

        internal CountingStore Owner { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            Owner.Calls.AddOrUpdate(targetMethod.Name, 1, (_, n) => n + 1);
            try
            {
                return targetMethod.Invoke(Inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
