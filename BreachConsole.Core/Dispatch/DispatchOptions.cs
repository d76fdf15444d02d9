using FluentValidation;

namespace BreachConsole.Core.Dispatch;

/// <summary>Section <c>Dispatch</c>.</summary>
public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    public TimeSpan SlaWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Order tried when the preferred channel is closed or has no address.</summary>
    public List<Channel> ChannelFallback { get; set; } = [];

    public IReadOnlyList<Channel> EffectiveFallback => ChannelFallback.Count > 0 ? ChannelFallback : [Channel.Email, Channel.Sms, Channel.Voice];
}

public sealed class DispatchOptionsValidator : AbstractValidator<DispatchOptions>
{
    public DispatchOptionsValidator()
    {
        RuleFor(x => x.SlaWindow).GreaterThan(TimeSpan.Zero).LessThanOrEqualTo(TimeSpan.FromDays(90));
        RuleFor(x => x.ChannelFallback).Must(l => l.Distinct().Count() == l.Count).WithMessage("must not name a channel twice.");
        RuleForEach(x => x.ChannelFallback).IsInEnum();
    }
}
