/**
 * A body's members shown under it on the board at first; the rest behind "show all" (?members=<body
 * id>). A national assembly's 500 members, each row with its forms, would otherwise be rendered on
 * every view of the board.
 */
export const MEMBERS_SHOWN = 50;
