/**
 * Who wrote a response (issue 17): an agency, or a person invited in their own name, usually as a
 * member of a collective body ("Thành viên Ủy ban nhân dân tỉnh Sóc Trăng"). Names and positions are
 * content (Vietnamese as typed), the same in every interface language.
 */
export interface AuthorFields {
  /** The invitation's agency: the agency itself, or the agency the person belongs to. */
  agencyName: string;
  personName: string | null;
  personPosition: string | null;
  bodyName: string | null;
}

/** "Nguyễn Văn A, Phó Chủ tịch UBND tỉnh" for a person; the agency's name for an agency. */
export function personLabel(a: Pick<AuthorFields, "agencyName" | "personName" | "personPosition">): string {
  if (!a.personName) return a.agencyName;
  const position = a.personPosition?.trim();
  return position ? `${a.personName}, ${position}` : a.personName;
}

/** As personLabel, with the body a member was invited through: "Nguyễn Văn A, Phó Chủ tịch UBND tỉnh (Thành viên UBND tỉnh)". */
export function authorLabel(a: AuthorFields): string {
  const label = personLabel(a);
  return a.personName && a.bodyName ? `${label} (${a.bodyName})` : label;
}

/**
 * A body's name as it follows a count of its members: "Thành viên Ủy ban nhân dân tỉnh Sóc Trăng"
 * is the list of members itself, so "15 thành viên Ủy ban nhân dân tỉnh Sóc Trăng" reads without the
 * word twice; other bodies ("Ban Chỉ đạo …") keep their whole name.
 */
export function bodyAfterCount(bodyName: string): string {
  const rest = bodyName.replace(/^\s*(?:các\s+)?thành\s+viên\s+/iu, "");
  return rest.trim() ? rest : bodyName;
}
