/**
 * The Argo Rollouts kubectl plugin's image for the controller the add-ons stack installs (argo-helm
 * `argo-rollouts-2.41.0`, appVersion v1.9.0; lib/kubernetes/addons.ts CHARTS). argo-rollouts v1.9.0
 * `Makefile` `plugin-image` and `Dockerfile` target `kubectl-argo-rollouts`: distroless
 * (`gcr.io/distroless/static-debian12`), `USER 999`, entrypoint `/bin/kubectl-argo-rollouts`.
 * The default of `rolloutStatusImage`, by tag: its digest could not be read when this was written
 * (quay.io was not reachable), so the status Job carries a suppression of `kubernetes-images-pinned`
 * saying so.
 */
export const ROLLOUT_STATUS_IMAGE = "quay.io/argoproj/kubectl-argo-rollouts:v1.9.0";
/** Why the plugin image is accepted by tag, recorded as the suppression's reason. */
export const ROLLOUT_STATUS_IMAGE_REASON =
  "the Argo Rollouts kubectl plugin image of the installed controller (v1.9.0), pinned by its release tag: its digest was not resolvable when Landform was built; where tags must not be trusted, pass a mirror pinned by digest as rolloutStatusImage";
