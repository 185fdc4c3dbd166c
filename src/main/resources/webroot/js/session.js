// The signed-in identity, kept in localStorage so that a reload stays signed in.
const TOKEN_KEY = 'streamroom.token';
const USER_KEY = 'streamroom.user';

/** @returns {{token: string, user: {name?: string, role?: string}} | null} */
export function loadSession() {
  const token = localStorage.getItem(TOKEN_KEY);
  if (!token) return null;
  let user = {};
  try {
    user = JSON.parse(localStorage.getItem(USER_KEY)) ?? {};
  } catch {
    // A damaged user entry is harmless: the hello reply tells us who we are again.
  }
  return { token, user };
}

export function saveSession({ token, user }) {
  localStorage.setItem(TOKEN_KEY, token);
  localStorage.setItem(USER_KEY, JSON.stringify(user));
}

export function saveUser(user) {
  localStorage.setItem(USER_KEY, JSON.stringify(user));
}

export function clearSession() {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(USER_KEY);
}

export function token() {
  return localStorage.getItem(TOKEN_KEY);
}
