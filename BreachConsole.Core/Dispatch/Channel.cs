namespace BreachConsole.Core.Dispatch;

/// <summary>How a notice reaches a person.</summary>
public enum Channel
{
    Sms,
    Email,
    Voice,
}
