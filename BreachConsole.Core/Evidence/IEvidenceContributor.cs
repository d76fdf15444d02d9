namespace BreachConsole.Core.Evidence;

/// <summary>A capability's part of the evidence pack (incident, templates, campaigns, contacts, audit).</summary>
public interface IEvidenceContributor
{
    /// <summary>Lower runs first; the summary lists sections in this order.</summary>
    int Order { get; }

    Task ContributeAsync(EvidencePackWriter pack, CancellationToken cancellationToken);
}
