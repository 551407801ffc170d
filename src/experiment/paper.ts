// The paper's protocol test on a spec's data, apart from schema.ts so that the report,
// which only reads results, needs none of the model schemas.

/**
 * Whether the spec's data follows the paper's Table I protocol (synthetic engine D, the
 * 45-anomaly catalogue), so our numbers may be set beside the paper's; Fig. 4's printer data and
 * recordings are not.
 */
export function paperComparable(data: {
  source: string;
  normal: string;
  anomalyFamilies: readonly unknown[];
}) {
  const { source, normal, anomalyFamilies } = data;
  return source === 'synthetic' && normal === 'engine' && anomalyFamilies.length === 0;
}
