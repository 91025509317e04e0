/**
 * The MLS group state machine (RFC 9420 §8, §11, §12, §14).
 *
 * <pre>
 * Welcome ─WelcomeProcessor.stage─▶ StagedWelcome ─join─▶ GroupState
 * GroupInfo ─ExternalCommit.create─▶ ExternalCommit ─join─▶ GroupState
 * MlsMessage ─GroupState.process(now)─▶ Processed: Application | ProposalQueued | CommitStaged | Removed
 * GroupState.commit(options, now) ─▶ CommitResult(commit, welcome, groupInfo, StagedCommit)
 * StagedCommit ─merge─▶ next GroupState            (the old state is unchanged)
 * GroupState.branch / reinit ─▶ ResumedGroup(state at epoch 1, Welcome)
 * Welcome ─old GroupState.joinBranch / joinReInit─▶ StagedWelcome   (§11.2, §11.3 checks)
 * </pre>
 *
 * <ul>
 *   <li>{@link org.mlsmesh.protocol.group.GroupState}: one member's state in one epoch. The epoch
 *       structure (tree, GroupContext, transcript hashes, secrets) is immutable and shared by the
 *       forks that stage competing Commits; the epoch's secret tree and proposal store are the only
 *       mutable parts.
 *   <li>Incoming: {@code MessageProcessor} (framing, membership tag, decryption, signature), {@code
 *       ProposalValidator} (§12.1, §12.2), {@code ProposalApplier} (§12.3), {@code CommitProcessor}
 *       (§12.4.2), {@code WelcomeProcessor} and {@link org.mlsmesh.protocol.group.OpenedWelcome}
 *       (§12.4.3.1).
 *   <li>Outgoing: {@code MessageFactory} (sign and protect), {@code Proposals}, {@code
 *       CommitBuilder} (§12.4.1), {@code WelcomeBuilder} (GroupInfo and Welcome), {@link
 *       org.mlsmesh.protocol.group.ExternalCommit} (§12.4.3.2), {@code GroupCreation} (§11), {@code
 *       GroupResumption} (reinitialization and branching, §11.2, §11.3).
 *   <li>Beyond RFC 9420's proposal types: SelfRemove (0x000a, {@link
 *       org.mlsmesh.protocol.group.GroupState#leave()}) and private-use types ({@link
 *       org.mlsmesh.protocol.group.GroupState#proposeCustom}), each allowed only when every member
 *       lists it in its capabilities.
 *   <li>Application policy: {@link org.mlsmesh.protocol.group.HandshakeWireFormats} in {@link
 *       org.mlsmesh.protocol.group.GroupConfig}, {@link
 *       org.mlsmesh.protocol.group.ExternalCommitPolicy} in {@link
 *       org.mlsmesh.protocol.group.GroupEnvironment}.
 *   <li>Every rejected input carries a {@link org.mlsmesh.protocol.group.ValidationCode}.
 * </ul>
 */
package org.mlsmesh.protocol.group;
