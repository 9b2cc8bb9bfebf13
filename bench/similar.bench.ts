/**
 * Similar comments suggested as groups (issue 16, part 5) at 100,000 comments: time and memory of
 * suggestGroups, beside a reference run in the same process, grouping by exact text once marks, case
 * and spacing are folded (the least any grouping must do: read every comment once). Also how well the
 * groups match the generated truth: of the pairs suggested, how many were made from one proposal
 * (precision), and of those pairs, how many were suggested (recall).
 *
 * The comments: 25,000 proposals of 8–14 content words (Vietnamese syllables from the samples' vocabulary),
 * each written 1–7 times by different agencies with the variations clerks make: marks dropped, words
 * reordered, formulas and function words added ("Đề nghị", "của", "về"), a word left out or added.
 */
import { suggestGroups, type CommentText } from "~/domain/similar/suggest-groups";
import { foldMarks } from "~/domain/fold-marks";

const N = 100_000;

/** A small deterministic generator (xorshift) so every run sees the same comments. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

const VOCAB = (
  "ngân sách kinh phí thực hiện tỉnh huyện xã phường thị trấn ấp khóm dân chủ cơ sở công khai minh bạch giám sát " +
  "kiểm tra báo cáo định kỳ hằng năm quý tháng thời hạn trách nhiệm phối hợp chủ trì tham mưu ban hành hướng dẫn " +
  "tuyên truyền phổ biến pháp luật nhân dân cử tri hội nghị tổ chức đoàn thể mặt trận thanh niên phụ nữ nông dân " +
  "cựu chiến binh công đoàn biên phòng quân sự công an tư pháp nội vụ tài chính kế hoạch đầu tư giáo dục y tế " +
  "văn hóa thể thao du lịch phát thanh truyền hình thông tin truyền thông lao động thương binh xã hội dân tộc tôn giáo " +
  "đất đai xây dựng giao thông môi trường tài nguyên nông nghiệp thủy sản khoa học công nghệ chuyển đổi số dữ liệu " +
  "cổng điện tử hồ sơ thủ tục hành chính một cửa liên thông đánh giá xếp loại thi đua khen thưởng kỷ luật cán bộ " +
  "công chức viên chức người lao động doanh nghiệp hợp tác xã quy chế quy định điều chỉnh sửa đổi bổ sung bãi bỏ " +
  "thay thế làm rõ thống nhất cụ thể hóa lộ trình chỉ tiêu mục tiêu nhiệm vụ giải pháp kết quả tổng kết sơ kết"
).split(" ");
const FORMULAS = ["Đề nghị", "Đề nghị cơ quan soạn thảo", "Kiến nghị", "Chúng tôi đề nghị", "Góp ý:", ""];
const FILLERS = ["của", "về", "và", "các", "những", "theo", "để", "trong", "cho", "với"];

function generate(): { comments: CommentText[]; proposalOf: Int32Array } {
  const random = rng(20261201);
  const pick = <T>(a: readonly T[]) => a[Math.floor(random() * a.length)]!;
  const comments: CommentText[] = [];
  const proposalOf = new Int32Array(N);
  let proposal = 0;
  while (comments.length < N) {
    const words = Array.from({ length: 8 + Math.floor(random() * 7) }, () => pick(VOCAB));
    const copies = 1 + Math.floor(random() * 7);
    for (let c = 0; c < copies && comments.length < N; c++) {
      let w = [...words];
      if (c > 0) {
        if (random() < 0.3) w.splice(Math.floor(random() * w.length), 1); // a word left out
        if (random() < 0.3) w.splice(Math.floor(random() * w.length), 0, pick(VOCAB)); // a word added
        if (random() < 0.3) {
          // a clause moved to the front
          const cut = 2 + Math.floor(random() * (w.length - 3));
          w = [...w.slice(cut), ...w.slice(0, cut)];
        }
        for (let f = Math.floor(random() * 3); f > 0; f--) w.splice(Math.floor(random() * w.length), 0, pick(FILLERS));
      }
      let text = `${pick(FORMULAS)} ${w.join(" ")}.`.trim();
      if (c > 0 && random() < 0.25) text = foldMarks(text); // typed without a Vietnamese keyboard
      proposalOf[comments.length] = proposal;
      comments.push({ id: comments.length + 1, text });
    }
    proposal++;
  }
  return { comments, proposalOf };
}

function exactGroups(comments: readonly CommentText[]): number[][] {
  const byText = new Map<string, number[]>();
  for (const c of comments) {
    const key = foldMarks(c.text).replace(/\s+/g, " ").trim();
    const list = byText.get(key);
    if (list) list.push(c.id);
    else byText.set(key, [c.id]);
  }
  return [...byText.values()].filter((g) => g.length > 1);
}

function measure<T>(fn: () => T): { result: T; ms: number; heapMB: number } {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const t = performance.now();
  const result = fn();
  const ms = performance.now() - t;
  const heapMB = (process.memoryUsage().heapUsed - before) / 1048576;
  return { result, ms, heapMB };
}

export async function run(): Promise<void> {
  const { comments, proposalOf } = generate();
  const proposals = new Set(proposalOf).size;
  // Warm both up on a slice, then time each once on all 100,000.
  exactGroups(comments.slice(0, 5000));
  suggestGroups(comments.slice(0, 5000));
  const reference = measure(() => exactGroups(comments));
  const ours = measure(() => suggestGroups(comments));

  // Pairs suggested vs pairs made from one proposal (ids are 1-based positions).
  let suggestedPairs = 0;
  let rightPairs = 0;
  for (const g of ours.result) {
    const byProposal = new Map<number, number>();
    for (const id of g.ids) byProposal.set(proposalOf[id - 1]!, (byProposal.get(proposalOf[id - 1]!) ?? 0) + 1);
    suggestedPairs += (g.ids.length * (g.ids.length - 1)) / 2;
    for (const k of byProposal.values()) rightPairs += (k * (k - 1)) / 2;
  }
  const sizes = new Map<number, number>();
  for (const p of proposalOf) sizes.set(p, (sizes.get(p) ?? 0) + 1);
  let truePairs = 0;
  for (const k of sizes.values()) truePairs += (k * (k - 1)) / 2;

  const grouped = ours.result.reduce((s, g) => s + g.ids.length, 0);
  console.log(
    `similar comments: ${N.toLocaleString("en")} comments from ${proposals.toLocaleString("en")} proposals\n` +
      `  suggestGroups: ${ours.ms.toFixed(0)} ms, heap +${ours.heapMB.toFixed(0)} MB, ${ours.result.length.toLocaleString("en")} groups holding ${grouped.toLocaleString("en")} comments\n` +
      `  reference (exact text after folding marks): ${reference.ms.toFixed(0)} ms, heap +${reference.heapMB.toFixed(0)} MB, ${reference.result.length.toLocaleString("en")} groups\n` +
      `  ratio (time, ours / reference): ${(ours.ms / reference.ms).toFixed(1)}\n` +
      `  pairs: precision ${((100 * rightPairs) / Math.max(1, suggestedPairs)).toFixed(1)} %, recall ${((100 * rightPairs) / Math.max(1, truePairs)).toFixed(1)} % ` +
      `(reference recall ${((100 * reference.result.reduce((s, g) => s + (g.length * (g.length - 1)) / 2, 0)) / Math.max(1, truePairs)).toFixed(1)} %)\n` +
      `  peak RSS of the bench process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}
