import type { User } from './types.js';

/** Attributes of `admin.createUser` / `admin.updateUserById`. */
export interface AdminUserAttributes {
  email?: string;
  phone?: string;
  password?: string;
  password_hash?: string;
  email_confirm?: boolean;
  phone_confirm?: boolean;
  user_metadata?: object;
  app_metadata?: object;
  role?: string;
  ban_duration?: string;
  nonce?: string;
  id?: string;
}

/** Arguments of `admin.generateLink`. */
export type GenerateLinkParams =
  | {
      type: 'signup';
      email: string;
      password: string;
      options?: { data?: object; redirectTo?: string };
    }
  | {
      type: 'invite' | 'magiclink';
      email: string;
      options?: { data?: object; redirectTo?: string };
    }
  | { type: 'recovery'; email: string; options?: { redirectTo?: string } }
  | {
      type: 'email_change_current' | 'email_change_new';
      email: string;
      newEmail: string;
      options?: { redirectTo?: string };
    };

/** What `admin.generateLink` emits. */
export interface GenerateLinkResult {
  properties: {
    action_link: string;
    email_otp: string;
    hashed_token: string;
    redirect_to: string;
    verification_type: string;
  };
  user: User;
}

/** What `admin.listUsers` emits: a page of users and where the other pages are. */
export interface UserPage {
  users: User[];
  aud: string;
  nextPage: number | null;
  lastPage: number;
  prevPage?: number;
  firstPage?: number;
  total: number;
}
