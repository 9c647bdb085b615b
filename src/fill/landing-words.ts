import { normaliseText } from './error-words.js';

/**
 * Wording that tells where a login ended up after a code was submitted, per language we detect prompts in.
 * Matched after `normaliseText` (lower case, ASCII quotes). Kept apart from the rejection words: these
 * judge the page, those judge one message.
 */

/** Buttons and links that start a sign-in: on a page without a way to sign out, the user is logged out. */
export const SIGN_IN_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: ['sign in', 'log in', 'login', 'sign on'],
  de: ['anmelden', 'einloggen'],
  // django-otp fr "Log in" → "Se connecter"
  fr: ['se connecter', 'connexion'],
  // django-otp es "Log in" → "Iniciar sesión"
  es: ['iniciar sesión', 'acceder'],
  // django-otp pt_BR "Log in" → "Entrar"
  pt: ['entrar', 'iniciar sessão', 'fazer login'],
  it: ['accedi', 'accesso'],
  nl: ['inloggen', 'aanmelden'],
  ru: ['войти', 'вход'],
  // django-two-factor-auth ja "Login" → "ログイン"
  ja: ['ログイン', 'サインイン'],
  zh: ['登录', '登入'],
  ko: ['로그인'],
};

/** Controls that end a session: their presence means the page belongs to a signed-in user. */
export const SIGN_OUT_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: ['sign out', 'log out', 'logout', 'sign off'],
  de: ['abmelden', 'ausloggen'],
  fr: ['se déconnecter', 'déconnexion'],
  es: ['cerrar sesión'],
  pt: ['sair', 'terminar sessão'],
  it: ['esci', 'disconnetti'],
  nl: ['uitloggen', 'afmelden'],
  ru: ['выйти', 'выход'],
  ja: ['ログアウト', 'サインアウト'],
  zh: ['退出', '注销', '登出'],
  ko: ['로그아웃'],
};

/**
 * Text a site shows when the session is gone ("You need to sign in or sign up before continuing." is
 * Devise's flash for a stale second step on Rails apps; "Your session has timed out. Please login again."
 * is django-two-factor-auth's `views/core.py`, ja translation 79fbd81).
 */
export const LOGGED_OUT_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'logged out',
    'signed out',
    'session has expired',
    'session expired',
    'session has timed out',
    'need to sign in',
    'need to log in',
    'please sign in again',
    'please log in again',
    'please login again',
  ],
  de: ['abgemeldet', 'sitzung ist abgelaufen', 'erneut anmelden'],
  fr: ['déconnecté', 'session a expiré', 'session expirée'],
  es: ['sesión ha caducado', 'sesión ha expirado', 'has cerrado sesión'],
  pt: ['sessão expirou', 'sessão expirada'],
  it: ['sessione scaduta', 'sessione è scaduta', 'disconnesso'],
  nl: ['uitgelogd', 'afgemeld'],
  ru: ['сеанс истек', 'сессия истекла', 'вы вышли'],
  // django-two-factor-auth ja: "あなたのセッションは時間切れです。 もう一度ログインしてください。"
  ja: ['セッションは時間切れ', 'ログアウトしました', 'もう一度ログイン'],
  zh: ['会话已过期', '已退出', '已注销', '重新登录'],
  ko: ['세션이 만료', '로그아웃되었습니다', '다시 로그인'],
};

/**
 * Text that confirms a sign-in in place (same URL, the button still there): "Welcome back", "Verified".
 * Counted only when it appeared after the submit and does not also read as a rejection.
 */
export const SUCCESS_WORDS: Readonly<Record<string, readonly string[]>> = {
  en: [
    'welcome back',
    'verified',
    'signed in as',
    'logged in as',
    'you are now signed in',
    'you are now logged in',
    'successfully signed in',
    'successfully logged in',
    'authentication successful',
    'verification successful',
  ],
  de: ['willkommen zurück', 'erfolgreich angemeldet', 'angemeldet als', 'verifiziert', 'bestätigt'],
  fr: ['bon retour', 'connecté en tant que', 'vérifié', 'connexion réussie'],
  es: ['bienvenido de nuevo', 'verificado', 'sesión iniciada'],
  pt: ['bem-vindo de volta', 'verificado', 'sessão iniciada'],
  it: ['bentornato', 'verificato', 'accesso effettuato'],
  nl: ['welkom terug', 'geverifieerd', 'ingelogd als'],
  ru: ['с возвращением', 'подтвержден', 'вы вошли'],
  ja: ['おかえりなさい', '認証されました', 'ログインしました'],
  zh: ['欢迎回来', '验证成功', '登录成功'],
  ko: ['다시 오신 것을 환영', '인증되었습니다', '로그인되었습니다'],
};

/** One normalised, de-duplicated list of a table's phrases in every language. */
export function phrasesOf(table: Readonly<Record<string, readonly string[]>>): string[] {
  return [...new Set(Object.values(table).flat().map(normaliseText))];
}
