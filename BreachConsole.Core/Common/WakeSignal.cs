namespace BreachConsole.Core.Common;

/// <summary>
/// Wakes a background loop at once instead of at its next tick: any number of wake-ups before the loop waits again count
/// as one. Waiting ends at a wake-up or after the tick on the given <see cref="TimeProvider"/>, never by sleeping a thread.
/// </summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up covers every change since.
        }
    }

    /// <summary>Waits for a wake-up or <paramref name="timeout"/> on <paramref name="time"/>'s clock, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        try
        {
            await _wake.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The tick came first.
        }
    }
}
