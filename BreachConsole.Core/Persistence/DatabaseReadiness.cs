namespace BreachConsole.Core.Persistence;

/// <summary>Flips once migrations have run; <c>/readyz</c> reports it.</summary>
public sealed class DatabaseReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    internal void MarkReady() => _ready = true;
}
