using FluentValidation;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// Section <c>Dispatch</c>, the engine's own knobs (beside <c>SlaWindow</c> and <c>ChannelFallback</c>). A console
/// restarted with the same <see cref="InstanceId"/> takes its own leases back at once; another instance takes them when
/// they lapse.
/// </summary>
public sealed class DispatcherOptions
{
    public const string Section = "Dispatch";

    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Batches claimed and waiting for a request slot at once: enough that planning a chunk never leaves a slot unused.</summary>
    public int MaxConcurrentBatches { get; set; } = 8;
    public TimeSpan Tick { get; set; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan ProgressPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The progress poll while a channel still has batches to upload: every poll spends a request of the per-minute budget
    /// the uploads need, so it is read less often then (the uploaded counts are local and stay live).
    /// </summary>
    public TimeSpan ProgressPollIntervalWhileUploading { get; set; } = TimeSpan.FromSeconds(15);
    public bool Enabled { get; set; } = true;
}

public sealed class DispatcherOptionsValidator : AbstractValidator<DispatcherOptions>
{
    public DispatcherOptionsValidator()
    {
        RuleFor(x => x.InstanceId).NotEmpty().MaximumLength(100);
        RuleFor(x => x.LeaseDuration).InclusiveBetween(TimeSpan.FromSeconds(2), TimeSpan.FromHours(1));
        RuleFor(x => x.MaxConcurrentBatches).InclusiveBetween(1, 64);
        RuleFor(x => x.Tick).InclusiveBetween(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(30));
        RuleFor(x => x.ProgressPollInterval).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        RuleFor(x => x.ProgressPollIntervalWhileUploading).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
    }
}
