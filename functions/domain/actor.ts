/** Who does something: every change of state records its actor in the audit history. */
export interface Actor {
  /** The signed-in user's email, or `staff` / `system`. */
  id: string;
  roles: Array<'hr' | 'manager'>;
}
