using BreachConsole.Core.Common;

namespace BreachConsole.Core.Campaigns;

/// <summary>Wakes the dispatcher at once when a campaign is launched, paused, resumed or cancelled (else it ticks).</summary>
public sealed class CampaignSignals : WakeSignal;
