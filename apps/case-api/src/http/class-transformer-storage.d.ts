// class-transformer ships this module's types apart from its CommonJS build; nested DTO schemas need it.
declare module 'class-transformer/cjs/storage' {
  export * from 'class-transformer/types/storage';
}
