import { z } from "zod";

export const MIN_PASSWORD_LENGTH = 10;

/** The fields of every "choose a password" form. */
export const newPasswordFields = {
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, "error.passwordShort")
    .max(200, "error.tooLong"),
  passwordConfirm: z.string(),
};
