export type Locale = 'en' | 'de';

/** Every user-visible string of the sign-in flow. Real sites' wording varies; these follow GitHub and Google. */
export interface Strings {
  signInTitle: string;
  username: string;
  password: string;
  signIn: string;
  badPassword: string;
  promptTitle: string;
  promptIntro: string;
  codeLabel: string;
  verify: string;
  invalidCode: string;
  expiredCode: string;
  reusedCode: string;
  useRecovery: string;
}

export const STRINGS: Record<Locale, Strings> = {
  en: {
    signInTitle: 'Sign in to Demo Site',
    username: 'Username or email address',
    password: 'Password',
    signIn: 'Sign in',
    badPassword: 'Incorrect username or password.',
    promptTitle: 'Two-factor authentication',
    promptIntro: 'Open your authenticator app and enter the 6-digit code for Demo Site.',
    codeLabel: 'Authentication code',
    verify: 'Verify',
    invalidCode: "That code didn't work. Try again.",
    expiredCode: 'Code expired. Wait for a new code in your app and try again.',
    reusedCode: 'That code was already used. Wait for the next code in your app and try again.',
    useRecovery: 'Use a recovery code instead',
  },
  de: {
    signInTitle: 'Bei Demo Site anmelden',
    username: 'Benutzername oder E-Mail-Adresse',
    password: 'Passwort',
    signIn: 'Anmelden',
    badPassword: 'Benutzername oder Passwort ist falsch.',
    promptTitle: 'Bestätigungscode',
    promptIntro: 'Geben Sie den Code aus Ihrer Authenticator-App ein.',
    codeLabel: 'Bestätigungscode',
    verify: 'Bestätigen',
    invalidCode: 'Der Code ist ungültig. Bitte versuchen Sie es erneut.',
    expiredCode: 'Der Code ist abgelaufen. Warten Sie auf einen neuen Code und versuchen Sie es erneut.',
    reusedCode: 'Dieser Code wurde bereits verwendet. Warten Sie auf den nächsten Code.',
    useRecovery: 'Stattdessen einen Wiederherstellungscode verwenden',
  },
};
